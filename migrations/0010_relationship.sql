-- 0010_relationship: the daily work of agents and what their managers watch. Queues with
-- business hours, agents' availability and capacity, tickets (a conversation's status, queue
-- and assignee, with their history), quick replies, the relationship cadence and scheduled
-- messages, and the facts the metrics read (reply times, daily message counts, active days).

-- Users and templates are referenced with their tenant, as every other table is.
ALTER TABLE users ADD CONSTRAINT users_tenant_id UNIQUE (tenant_id, id);
ALTER TABLE message_templates ADD CONSTRAINT message_templates_tenant_id UNIQUE (tenant_id, id);

-- A queue (sector) with its weekly business hours in its own time zone, holidays, the reply
-- sent to a customer who writes out of hours, and the follow-up of pending tickets.
-- `business_hours` is a list of {"day": 0-6 (Sunday = 0), "open": "HH:MM", "close": "HH:MM"}.
CREATE TABLE queues (
    id                        uuid        PRIMARY KEY,
    tenant_id                 uuid        NOT NULL REFERENCES tenants (id),
    name                      text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    menu_key                  text        CHECK (menu_key ~ '^[0-9A-Za-z]{1,8}$'),
    is_default                boolean     NOT NULL DEFAULT false,
    time_zone                 text        NOT NULL DEFAULT 'America/Sao_Paulo' CHECK (length(time_zone) BETWEEN 1 AND 64),
    business_hours            jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(business_hours) = 'array'),
    holidays                  date[]      NOT NULL DEFAULT '{}' CHECK (cardinality(holidays) <= 366),
    out_of_hours_reply        text        CHECK (length(out_of_hours_reply) BETWEEN 1 AND 1024),
    reminder_after_minutes    integer     CHECK (reminder_after_minutes BETWEEN 1 AND 43200),
    reminder_text             text        CHECK (length(reminder_text) BETWEEN 1 AND 1024),
    auto_close_after_minutes  integer     CHECK (auto_close_after_minutes BETWEEN 1 AND 43200),
    auto_answer               boolean     NOT NULL DEFAULT false,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    CHECK ((reminder_after_minutes IS NULL) = (reminder_text IS NULL))
);
CREATE UNIQUE INDEX queues_name ON queues (tenant_id, lower(name));
CREATE UNIQUE INDEX queues_menu_key ON queues (tenant_id, lower(menu_key)) WHERE menu_key IS NOT NULL;
CREATE UNIQUE INDEX queues_default ON queues (tenant_id) WHERE is_default;

CREATE TABLE queue_members (
    tenant_id  uuid        NOT NULL,
    queue_id   uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, queue_id, user_id),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- An agent's availability and how many open or pending tickets they take at once.
-- `last_assigned_at` orders the round robin.
CREATE TABLE agent_availability (
    tenant_id         uuid        NOT NULL,
    user_id           uuid        NOT NULL,
    available         boolean     NOT NULL DEFAULT false,
    capacity          integer     NOT NULL DEFAULT 5 CHECK (capacity BETWEEN 0 AND 100),
    last_assigned_at  timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- Per-tenant settings of the relationship work: the first-message menu (its options are the
-- queues with a menu key) and after how many unanswered cadence messages a contact is
-- flagged unresponsive.
CREATE TABLE relationship_settings (
    tenant_id           uuid        PRIMARY KEY REFERENCES tenants (id),
    menu_prompt         text        CHECK (length(menu_prompt) BETWEEN 1 AND 1024),
    unresponsive_after  integer     NOT NULL DEFAULT 3 CHECK (unresponsive_after BETWEEN 1 AND 50),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- A number may send its conversations to one queue, bypassing the menu.
ALTER TABLE whatsapp_channels ADD COLUMN queue_id uuid,
    ADD FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, id) ON DELETE SET NULL (queue_id);

-- Who started an outbound message: a person (agent), the host CRM (api), the AI (ai), or an
-- automation (cadence, schedule, out_of_hours, reminder, menu). Agents', the API's and the
-- AI's messages answer the customer; automations' do not count as replies in the metrics.
ALTER TABLE messages ADD COLUMN origin text
    CHECK (origin IN ('agent', 'api', 'ai', 'cadence', 'schedule', 'out_of_hours', 'reminder', 'menu'));

-- Every conversation is a ticket. While the conversation is open its ticket is open, pending
-- (waiting on the customer) or snoozed until a time; a closed conversation is a closed ticket.
ALTER TABLE conversations
    ADD COLUMN ticket_status           text NOT NULL DEFAULT 'open' CHECK (ticket_status IN ('open', 'pending', 'snoozed')),
    ADD COLUMN queue_id                uuid,
    ADD COLUMN assignee_id             uuid,
    ADD COLUMN snoozed_until           timestamptz,
    ADD COLUMN pending_since           timestamptz,
    ADD COLUMN reminded_at             timestamptz,
    ADD COLUMN routed_at               timestamptz,
    ADD COLUMN menu_sent_at            timestamptz,
    ADD COLUMN out_of_hours_replied_at timestamptz,
    ADD COLUMN awaiting_since          timestamptz,
    ADD COLUMN first_response_at       timestamptz,
    ADD COLUMN handed_off_at           timestamptz,
    ADD CHECK ((ticket_status = 'snoozed') = (snoozed_until IS NOT NULL)),
    ADD CHECK ((ticket_status = 'pending') = (pending_since IS NOT NULL)),
    ADD FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, id) ON DELETE SET NULL (queue_id),
    ADD FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (assignee_id);
-- Conversations that existed before routing are not routed afterwards.
UPDATE conversations SET routed_at = opened_at;
CREATE INDEX conversations_unrouted ON conversations (created_at)
    WHERE routed_at IS NULL AND status = 'open' AND source = 'whatsapp';
CREATE INDEX conversations_load ON conversations (tenant_id, assignee_id)
    WHERE status = 'open' AND ticket_status IN ('open', 'pending');
CREATE INDEX conversations_follow_up ON conversations (tenant_id, ticket_status)
    WHERE status = 'open' AND ticket_status IN ('pending', 'snoozed');
CREATE INDEX conversations_opened ON conversations (tenant_id, opened_at);
CREATE INDEX conversations_closed ON conversations (tenant_id, closed_at) WHERE closed_at IS NOT NULL;

-- The history of each ticket: status changes, assignments, transfers and automatic steps,
-- who did them and why (free text, sealed under the conversation's subject key).
CREATE TABLE ticket_events (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('status', 'assignment', 'transfer', 'routing', 'menu',
                                                          'out_of_hours_reply', 'reminder', 'auto_close', 'hand_off')),
    from_status      text        CHECK (from_status IN ('open', 'pending', 'snoozed', 'closed')),
    to_status        text        CHECK (to_status IN ('open', 'pending', 'snoozed', 'closed')),
    from_queue       uuid,
    to_queue         uuid,
    from_assignee    uuid,
    to_assignee      uuid,
    actor_kind       text        NOT NULL CHECK (actor_kind IN ('user', 'client', 'system')),
    actor_id         text        CHECK (length(actor_id) BETWEEN 1 AND 128),
    reason_sealed    bytea,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_events_conversation ON ticket_events (tenant_id, conversation_id, occurred_at);

-- Canned responses: `/shortcut` in the agent's composer; `{{contact.first_name}}`-style
-- variables are filled when used. Business text, never about a person.
CREATE TABLE quick_replies (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    shortcut    text        NOT NULL CHECK (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
    body        text        NOT NULL CHECK (length(body) BETWEEN 1 AND 4096),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, shortcut)
);

-- The relationship cadence of a contact: the interval is the contact's (contacts.cadence_*);
-- this row holds the approved template to send, when it is next due, and how many messages
-- went unanswered since the customer last wrote. Template parameters may name the person,
-- so they are sealed under the contact's key.
CREATE TABLE contact_cadences (
    tenant_id          uuid        NOT NULL,
    contact_id         uuid        NOT NULL,
    template_id        uuid        NOT NULL,
    channel_id         uuid,
    parameters_sealed  bytea,
    next_due_at        timestamptz NOT NULL,
    attempts           integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_sent_at       timestamptz,
    last_message_id    uuid,
    state              text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'unresponsive', 'paused')),
    state_changed_at   timestamptz,
    skipped_reason     text        CHECK (skipped_reason ~ '^[a-z_]{1,64}$'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, template_id) REFERENCES message_templates (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel_id) REFERENCES whatsapp_channels (tenant_id, id) ON DELETE SET NULL (channel_id)
);
CREATE INDEX contact_cadences_due ON contact_cadences (next_due_at) WHERE state = 'active';

-- One-off messages (an approved template) to send at a time.
CREATE TABLE scheduled_messages (
    id                 uuid        PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    contact_id         uuid        NOT NULL,
    template_id        uuid        NOT NULL,
    channel_id         uuid,
    parameters_sealed  bytea,
    send_at            timestamptz NOT NULL,
    state              text        NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'sent', 'skipped', 'cancelled')),
    skipped_reason     text        CHECK (skipped_reason ~ '^[a-z_]{1,64}$'),
    message_id         uuid,
    created_by         uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, template_id) REFERENCES message_templates (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel_id) REFERENCES whatsapp_channels (tenant_id, id) ON DELETE SET NULL (channel_id)
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (send_at) WHERE state = 'scheduled';

-- Metrics facts, written by triggers on messages so every path (webhooks, the send path, the
-- attendance events) counts the same way. docs/metrics.md defines each figure.
--
-- A customer's wait ended by a reply: from the first unanswered inbound message to the reply.
CREATE TABLE reply_times (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    queue_id         uuid,
    agent_id         uuid,
    awaited_from     timestamptz NOT NULL,
    replied_at       timestamptz NOT NULL,
    first_response   boolean     NOT NULL,
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reply_times_window ON reply_times (tenant_id, replied_at);

-- Message counts per day (America/Sao_Paulo), queue and agent, as deltas: a statement adds
-- rows and never updates one (no hot row for concurrent writers); sigilo_metric_deltas_compact
-- folds them. `reason` is set for failures.
CREATE TABLE metric_deltas (
    tenant_id  uuid    NOT NULL,
    day        date    NOT NULL,
    queue_id   uuid,
    agent_id   uuid,
    metric     text    NOT NULL CHECK (metric IN ('messages_in', 'messages_out', 'messages_failed')),
    reason     text    CHECK (reason ~ '^[a-z0-9_]{1,64}$'),
    value      integer NOT NULL
);
CREATE INDEX metric_deltas_window ON metric_deltas (tenant_id, day);

-- The days on which a contact wrote to the business (America/Sao_Paulo).
CREATE TABLE contact_activity (
    tenant_id   uuid NOT NULL,
    day         date NOT NULL,
    contact_id  uuid NOT NULL,
    PRIMARY KEY (tenant_id, day, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contacts_created ON contacts (tenant_id, created_at) WHERE merged_into IS NULL;

CREATE FUNCTION sigilo_messages_added() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
BEGIN
    INSERT INTO metric_deltas (tenant_id, day, queue_id, agent_id, metric, value)
    SELECT a.tenant_id, (a.occurred_at AT TIME ZONE 'America/Sao_Paulo')::date, c.queue_id, c.assignee_id,
           CASE a.direction WHEN 'inbound' THEN 'messages_in' ELSE 'messages_out' END, count(*)
    FROM added a JOIN conversations c ON c.tenant_id = a.tenant_id AND c.id = a.conversation_id
    GROUP BY 1, 2, 3, 4, 5;

    INSERT INTO contact_activity (tenant_id, day, contact_id)
    SELECT DISTINCT a.tenant_id, (a.occurred_at AT TIME ZONE 'America/Sao_Paulo')::date, c.contact_id
    FROM added a JOIN conversations c ON c.tenant_id = a.tenant_id AND c.id = a.conversation_id
    WHERE c.contact_id IS NOT NULL AND a.direction = 'inbound'
    ON CONFLICT DO NOTHING;

    -- The customer wrote: they now wait for a reply, and a pending or snoozed ticket is open again.
    UPDATE conversations c
    SET awaiting_since = COALESCE(c.awaiting_since, w.first_at), ticket_status = 'open',
        pending_since = NULL, snoozed_until = NULL, reminded_at = NULL
    FROM (SELECT tenant_id, conversation_id, min(occurred_at) AS first_at FROM added
          WHERE direction = 'inbound' GROUP BY 1, 2) w
    WHERE c.tenant_id = w.tenant_id AND c.id = w.conversation_id
      AND (c.awaiting_since IS NULL OR c.ticket_status <> 'open');

    -- A person, the host CRM or the AI answered: the wait ends and is recorded.
    WITH answered AS (
        SELECT tenant_id, conversation_id, min(occurred_at) AS at, (array_agg(sent_by))[1] AS sent_by FROM added
        WHERE direction = 'outbound' AND origin IN ('agent', 'api', 'ai') GROUP BY 1, 2
    ), waiting AS (
        SELECT c.tenant_id, c.id, c.queue_id, COALESCE(w.sent_by, c.assignee_id) AS agent_id, c.awaiting_since,
               c.first_response_at IS NULL AS first_response, w.at
        FROM conversations c JOIN answered w ON c.tenant_id = w.tenant_id AND c.id = w.conversation_id
        WHERE c.awaiting_since IS NOT NULL
    ), recorded AS (
        INSERT INTO reply_times (tenant_id, conversation_id, queue_id, agent_id, awaited_from, replied_at, first_response)
        SELECT tenant_id, id, queue_id, agent_id, awaiting_since, GREATEST(at, awaiting_since), first_response FROM waiting
    )
    UPDATE conversations c SET awaiting_since = NULL, first_response_at = COALESCE(c.first_response_at, w.at)
    FROM waiting w WHERE c.tenant_id = w.tenant_id AND c.id = w.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_added AFTER INSERT ON messages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION sigilo_messages_added();

CREATE FUNCTION sigilo_message_failed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
BEGIN
    INSERT INTO metric_deltas (tenant_id, day, queue_id, agent_id, metric, reason, value)
    SELECT NEW.tenant_id, (NEW.occurred_at AT TIME ZONE 'America/Sao_Paulo')::date, c.queue_id, c.assignee_id,
           'messages_failed', COALESCE(NEW.error_reason, 'unknown'), 1
    FROM conversations c WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.conversation_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_failed AFTER UPDATE OF status ON messages
    FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed' AND NEW.direction = 'outbound')
    EXECUTE FUNCTION sigilo_message_failed();

-- Folds the deltas into one row per (tenant, day, queue, agent, metric, reason). Rows being
-- written meanwhile are not seen, so they stay for the next fold; two folds at once are safe
-- (the second finds the rows gone).
CREATE FUNCTION sigilo_metric_deltas_compact() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    folded integer;
BEGIN
    WITH gone AS (DELETE FROM metric_deltas RETURNING *), summed AS (
        INSERT INTO metric_deltas (tenant_id, day, queue_id, agent_id, metric, reason, value)
        SELECT tenant_id, day, queue_id, agent_id, metric, reason, sum(value) FROM gone
        GROUP BY tenant_id, day, queue_id, agent_id, metric, reason
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM summed) INTO folded;
    RETURN folded;
END
$$;
REVOKE ALL ON FUNCTION sigilo_metric_deltas_compact() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_metric_deltas_compact() TO sigilo_app;

-- The background jobs visit every tenant; each tenant's rows are then changed under its own
-- row-level security scope. These list ids only.
CREATE FUNCTION sigilo_conversations_unrouted(max_rows integer)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        -- A conversation whose menu waits for an answer is left out until the customer
        -- answers or the menu's 30 minutes pass, so it never holds up newer ones.
        SELECT c.tenant_id, c.id FROM conversations c
        WHERE c.routed_at IS NULL AND c.status = 'open' AND c.source = 'whatsapp'
          AND (c.menu_sent_at IS NULL OR c.menu_sent_at < now() - interval '30 minutes'
               OR EXISTS (SELECT FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                          AND m.direction = 'inbound' AND m.created_at > c.menu_sent_at))
        ORDER BY c.created_at LIMIT max_rows
    $$;
CREATE FUNCTION sigilo_follow_up_tenants()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT DISTINCT c.tenant_id FROM conversations c
        WHERE c.status = 'open' AND c.ticket_status IN ('pending', 'snoozed')
    $$;
CREATE FUNCTION sigilo_cadences_due(at timestamptz, max_rows integer)
    RETURNS TABLE (tenant_id uuid, contact_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.tenant_id, k.contact_id FROM contact_cadences k
        WHERE k.state = 'active' AND k.next_due_at <= at ORDER BY k.next_due_at LIMIT max_rows
    $$;
CREATE FUNCTION sigilo_scheduled_due(at timestamptz, max_rows integer)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT s.tenant_id, s.id FROM scheduled_messages s
        WHERE s.state = 'scheduled' AND s.send_at <= at ORDER BY s.send_at LIMIT max_rows
    $$;
REVOKE ALL ON FUNCTION sigilo_conversations_unrouted(integer), sigilo_follow_up_tenants(),
    sigilo_cadences_due(timestamptz, integer), sigilo_scheduled_due(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_conversations_unrouted(integer), sigilo_follow_up_tenants(),
    sigilo_cadences_due(timestamptz, integer), sigilo_scheduled_due(timestamptz, integer) TO sigilo_app;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['queues', 'queue_members', 'agent_availability', 'relationship_settings',
                                'ticket_events', 'quick_replies', 'contact_cadences', 'scheduled_messages',
                                'reply_times', 'metric_deltas', 'contact_activity'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;
REVOKE TRUNCATE ON queues, queue_members, agent_availability, relationship_settings, ticket_events, quick_replies,
    contact_cadences, scheduled_messages, reply_times, metric_deltas, contact_activity FROM sigilo_app;
-- History and metric facts are records: the application adds to them (the compaction
-- function folds deltas as their owner).
REVOKE UPDATE, DELETE ON ticket_events, reply_times, metric_deltas FROM sigilo_app;
