-- 0012_ai: the AI copilot. Each tenant's AI settings (the backend itself is the operator's
-- configuration), the sentiment of inbound messages, fine-tuning jobs, and the automatic
-- answer's bookkeeping on conversations. docs/ai.md describes what leaves and what does not.

CREATE TABLE ai_settings (
    tenant_id             uuid        PRIMARY KEY REFERENCES tenants (id),
    enabled               boolean     NOT NULL DEFAULT false,
    business_description  text        CHECK (length(business_description) BETWEEN 1 AND 4000),
    -- A model of the tenant's own (a fine-tuned one); nil uses the operator's.
    model                 text        CHECK (length(model) BETWEEN 1 AND 200),
    -- Whether a contact's `ai_processing` consent is required before their conversation is
    -- sent to the model (the default); a tenant relying on another legal basis turns it off.
    requires_consent      boolean     NOT NULL DEFAULT true,
    -- How many of the latest messages go to the model.
    max_messages          integer     NOT NULL DEFAULT 12 CHECK (max_messages BETWEEN 1 AND 50),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- The sentiment the model read in an inbound message.
CREATE TABLE message_sentiments (
    tenant_id        uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    label            text        NOT NULL CHECK (label IN ('positive', 'neutral', 'negative')),
    score            real        NOT NULL CHECK (score BETWEEN 0 AND 1),
    day              date        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX message_sentiments_window ON message_sentiments (tenant_id, day);

-- The automatic answer: the wait it last tried to answer (never twice for one wait), and why
-- it left the conversation to people when it did.
ALTER TABLE conversations
    ADD COLUMN ai_tried_wait      timestamptz,
    ADD COLUMN hand_off_reason    text CHECK (hand_off_reason ~ '^[a-z_]{1,64}$');
CREATE INDEX conversations_ai_waiting ON conversations (tenant_id, awaiting_since)
    WHERE status = 'open' AND handed_off_at IS NULL AND awaiting_since IS NOT NULL;

-- Fine-tuning jobs sent to the provider, by the tenant's admins.
CREATE TABLE ai_fine_tunes (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL REFERENCES tenants (id),
    provider_file_id  text        NOT NULL CHECK (length(provider_file_id) BETWEEN 1 AND 200),
    provider_job_id   text        NOT NULL CHECK (length(provider_job_id) BETWEEN 1 AND 200),
    base_model        text        NOT NULL CHECK (length(base_model) BETWEEN 1 AND 200),
    status            text        NOT NULL CHECK (status ~ '^[a-z_]{1,32}$'),
    fine_tuned_model  text        CHECK (length(fine_tuned_model) BETWEEN 1 AND 200),
    examples          integer     NOT NULL CHECK (examples >= 0),
    created_by        uuid,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);

-- Conversations waiting for an automatic answer, across tenants (ids only): open, not handed
-- off, the customer waiting for an answer not tried yet, in a queue that answers
-- automatically, of a tenant whose AI is on.
CREATE FUNCTION sigilo_ai_waiting(max_rows integer)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT c.tenant_id, c.id FROM conversations c
        JOIN queues q ON q.tenant_id = c.tenant_id AND q.id = c.queue_id AND q.auto_answer
        JOIN ai_settings s ON s.tenant_id = c.tenant_id AND s.enabled
        WHERE c.status = 'open' AND c.handed_off_at IS NULL AND c.awaiting_since IS NOT NULL
          AND c.source = 'whatsapp' AND c.ai_tried_wait IS DISTINCT FROM c.awaiting_since
        ORDER BY c.awaiting_since LIMIT max_rows
    $$;
REVOKE ALL ON FUNCTION sigilo_ai_waiting(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_ai_waiting(integer) TO sigilo_app;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['ai_settings', 'message_sentiments', 'ai_fine_tunes'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;
REVOKE TRUNCATE ON ai_settings, message_sentiments, ai_fine_tunes FROM sigilo_app;
