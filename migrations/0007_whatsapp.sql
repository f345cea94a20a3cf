-- 0007_whatsapp: WhatsApp channels, the durable webhook inbox, conversations and messages,
-- the outbound outbox, and attendance events from other systems.
--
-- Secrets (a channel's access token and app secret) and raw webhook bodies are sealed under
-- keys derived from the tenant's key; message contents are sealed under the data subject's
-- own key (the contact's, or the conversation's for integration conversations without one),
-- so erasing a subject shreds its messages. docs/whatsapp.md describes the flow.

-- A tenant's WhatsApp Business numbers. `phone_number_id` routes inbound webhooks to the
-- tenant, so it is unique across tenants. The verify token is kept only as a SHA-256 digest.
CREATE TABLE whatsapp_channels (
    id                   uuid        PRIMARY KEY,
    tenant_id            uuid        NOT NULL REFERENCES tenants (id),
    phone_number_id      text        NOT NULL UNIQUE CHECK (phone_number_id ~ '^[0-9]{1,32}$'),
    waba_id              text        NOT NULL CHECK (waba_id ~ '^[0-9]{1,32}$'),
    display_number       text        NOT NULL CHECK (display_number ~ '^[0-9]{6,20}$'),
    label                text        CHECK (length(label) BETWEEN 1 AND 100),
    graph_base_url       text        NOT NULL CHECK (graph_base_url ~ '^https?://[^ ]+$' AND length(graph_base_url) <= 300),
    access_token_sealed  bytea       NOT NULL,
    app_secret_sealed    bytea       NOT NULL,
    verify_token_digest  bytea       NOT NULL CHECK (length(verify_token_digest) = 32),
    status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'token_expired', 'disabled')),
    status_reason        text        CHECK (status_reason ~ '^[a-z0-9_]{1,64}$'),
    status_changed_at    timestamptz,
    messages_per_second  integer     NOT NULL DEFAULT 80 CHECK (messages_per_second BETWEEN 1 AND 1000),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE INDEX whatsapp_channels_verify ON whatsapp_channels (verify_token_digest);

-- Every signed webhook POST, stored sealed before it is acknowledged, then processed (by the
-- receiving instance at once, or by any instance's sweep after a crash). A body whose changes
-- route to several tenants is stored once per tenant; each processes only its own numbers.
CREATE TABLE webhook_events (
    id             uuid        PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    received_at    timestamptz NOT NULL DEFAULT now(),
    body_sealed    bytea       NOT NULL,
    processed_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error     text        CHECK (last_error ~ '^[a-z0-9_]{1,64}$'),
    UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_events_pending ON webhook_events (received_at) WHERE processed_at IS NULL;

-- Contacts' WhatsApp state (clear, not personal content): an invalid number, a STOP.
ALTER TABLE contacts
    ADD COLUMN whatsapp_status text NOT NULL DEFAULT 'ok'
        CHECK (whatsapp_status IN ('ok', 'invalid_number')),
    ADD COLUMN whatsapp_status_changed_at timestamptz,
    ADD COLUMN marketing_opt_out_at timestamptz;

-- Business-scoped user ids (BSUID, 2026) of WhatsApp username users, who may write with no
-- phone number: sealed under the contact's key, found through a 16-bit blind index like
-- contact_lookups.
CREATE TABLE whatsapp_user_ids (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    contact_id      uuid        NOT NULL,
    digest          integer     NOT NULL CHECK (digest BETWEEN 0 AND 65535),
    user_id_sealed  bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX whatsapp_user_ids_digest ON whatsapp_user_ids (tenant_id, digest);
CREATE INDEX whatsapp_user_ids_contact ON whatsapp_user_ids (contact_id);

-- Conversations: WhatsApp ones link a contact and a channel; integration ones (POST
-- /webhook/) may have neither and then are their own data subject.
CREATE TABLE conversations (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    source           text        NOT NULL CHECK (source IN ('whatsapp', 'integration')),
    contact_id       uuid,
    channel_id       uuid,
    subject_id       uuid        NOT NULL,
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    last_inbound_at  timestamptz,
    opened_at        timestamptz NOT NULL DEFAULT now(),
    closed_at        timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel_id) REFERENCES whatsapp_channels (tenant_id, id),
    FOREIGN KEY (tenant_id, subject_id) REFERENCES subject_keys (tenant_id, subject_id),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (source = 'integration' OR (contact_id IS NOT NULL AND channel_id IS NOT NULL))
);
-- At most one open WhatsApp conversation per contact and number: inbound joins it.
CREATE UNIQUE INDEX conversations_one_open ON conversations (tenant_id, contact_id, channel_id)
    WHERE status = 'open' AND source = 'whatsapp';
CREATE INDEX conversations_updated ON conversations (tenant_id, updated_at DESC, id);
CREATE INDEX conversations_contact ON conversations (tenant_id, contact_id);
-- Deleting a data key checks this foreign key (contact deletion, erasure).
CREATE INDEX conversations_subject ON conversations (tenant_id, subject_id);

-- Messages, inbound and outbound. `content_sealed` holds the message (text, media reference,
-- interactive reply, …) as JSON sealed under the subject's key; `kind`, status and Meta's
-- error code and title are clear. `wamid` is Meta's id: inbound deduplication hangs on it.
CREATE TABLE messages (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    direction        text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind             text        NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'),
    wamid            text        CHECK (length(wamid) BETWEEN 1 AND 256),
    content_sealed   bytea       NOT NULL,
    reply_to         text        CHECK (length(reply_to) BETWEEN 1 AND 256),
    status           text        NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'delivered',
                                                            'read', 'played', 'failed', 'uncertain', 'cancelled')),
    status_rank      integer     NOT NULL DEFAULT 0,
    error_code       integer,
    error_title      text        CHECK (length(error_title) <= 200),
    error_reason     text        CHECK (error_reason ~ '^[a-z0-9_]{1,64}$'),
    sent_by          uuid,
    media_id         text        CHECK (length(media_id) <= 128),
    media_sealed     bytea,
    media_mime       text        CHECK (media_mime ~ '^[a-z]+/[A-Za-z0-9.+_-]+(; ?[a-z]+=[A-Za-z0-9._-]+)?$'),
    media_attempts   integer     NOT NULL DEFAULT 0,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_wamid ON messages (tenant_id, wamid) WHERE wamid IS NOT NULL;
CREATE INDEX messages_conversation ON messages (tenant_id, conversation_id, occurred_at, id);
CREATE INDEX messages_media_pending ON messages (created_at) WHERE media_id IS NOT NULL AND media_sealed IS NULL;

-- What waits to be sent. Claimed with FOR UPDATE SKIP LOCKED by any instance; `sending` rows
-- whose lease ran out become `uncertain`, never resent (Meta has no idempotency key, so a
-- resend could deliver twice; status webhooks carrying the message id settle them).
CREATE TABLE outbox (
    message_id       uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    channel_id       uuid        NOT NULL,
    request_sealed   bytea       NOT NULL,
    state            text        NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_at       timestamptz,
    last_error       text        CHECK (last_error ~ '^[a-z0-9_]{1,64}$'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, channel_id) REFERENCES whatsapp_channels (tenant_id, id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_recent_claims ON outbox (channel_id, claimed_at) WHERE claimed_at IS NOT NULL;
CREATE INDEX outbox_sending ON outbox (claimed_at) WHERE state = 'sending';

-- Attendance events accepted from other systems (POST /webhook/): the id each carried and
-- a keyed digest of the event (HMAC under a tenant key, so no content is guessable from it),
-- to tell a repeat (idempotent) from a different event reusing an id (409).
CREATE TABLE integration_events (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    event_id     uuid        NOT NULL,
    type         text        NOT NULL CHECK (type IN ('NEW_CONVERSATION', 'NEW_MESSAGE', 'CLOSE_CONVERSATION')),
    fingerprint  bytea       NOT NULL CHECK (length(fingerprint) = 32),
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, type, event_id)
);

-- Integration keys: long random keys another system presents to report attendance events
-- (`Authorization: Bearer sgk_…`), stored only as SHA-256 digests (a random 256-bit key
-- needs no slow hash), scoped, revocable.
CREATE TABLE integration_keys (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_digest    bytea       NOT NULL UNIQUE CHECK (length(key_digest) = 32),
    scopes        text[]      NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 10),
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['integration_keys', 'whatsapp_channels', 'webhook_events', 'whatsapp_user_ids', 'conversations', 'messages', 'outbox',
                                'integration_events'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;
REVOKE TRUNCATE ON integration_keys, whatsapp_channels, webhook_events, whatsapp_user_ids, conversations, messages, outbox, integration_events
    FROM sigilo_app;

-- Stores one webhook body in one round trip: the function sets the tenant for its own
-- statement (as sigilo_contact_row does), so row-level security applies as in a transaction.
CREATE FUNCTION sigilo_webhook_store(tenant uuid, event uuid, body bytea) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
BEGIN
    PERFORM set_config('sigilo.tenant_id', tenant::text, true);
    INSERT INTO webhook_events (id, tenant_id, body_sealed) VALUES (event, tenant, body);
END
$$;
REVOKE ALL ON FUNCTION sigilo_webhook_store(uuid, uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_webhook_store(uuid, uuid, bytea) TO sigilo_app;

-- Cross-tenant entry points. Each is SECURITY DEFINER (it runs as the owner, past row-level
-- security) and returns only what its caller needs to pick the tenant; everything else is
-- then read inside that tenant's scope.

-- Which tenant and channel a webhook's phone-number id belongs to, with the sealed app secret
-- that checks its signature (opened with the tenant's key).
CREATE FUNCTION sigilo_whatsapp_route(ids text[])
    RETURNS TABLE (phone_number_id text, tenant_id uuid, channel_id uuid, app_secret_sealed bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT c.phone_number_id, c.tenant_id, c.id, c.app_secret_sealed
        FROM whatsapp_channels c WHERE c.phone_number_id = ANY(ids) AND c.status <> 'disabled'
    $$;

-- The live integration key with this digest: its id, tenant and scopes.
CREATE FUNCTION sigilo_integration_key(digest bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, scopes text[])
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.id, k.tenant_id, k.scopes FROM integration_keys k
        WHERE k.key_digest = digest AND k.revoked_at IS NULL
    $$;

-- Whether some channel was configured with this verify token (the handshake names no number).
CREATE FUNCTION sigilo_whatsapp_verify_token_known(digest bytea) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT FROM whatsapp_channels c WHERE c.verify_token_digest = digest) $$;

-- Webhook events left unprocessed for `older` (their instance died, or processing failed),
-- oldest first; the caller processes each in its tenant's scope, where it locks the row.
CREATE FUNCTION sigilo_webhook_backlog(older interval, max_rows integer)
    RETURNS TABLE (id uuid, tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT e.id, e.tenant_id FROM webhook_events e
        WHERE e.processed_at IS NULL AND e.received_at < now() - older
          AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= now())
        ORDER BY e.received_at LIMIT max_rows
    $$;

-- Deletes processed webhook bodies older than `older` (they hold customers' words; once
-- processed, the sealed messages are the record). Returns how many went.
CREATE FUNCTION sigilo_webhook_purge(older interval) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    purged integer;
BEGIN
    -- Processed bodies past retention; and, past retention plus Meta's own 7 days of
    -- retries, bodies that never could be processed (logged as failed every attempt).
    DELETE FROM webhook_events
    WHERE (processed_at IS NOT NULL AND processed_at < now() - older)
       OR (processed_at IS NULL AND received_at < now() - older - interval '7 days');
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;

-- Inbound media not yet downloaded (Meta keeps it 7 days), across tenants, oldest first.
CREATE FUNCTION sigilo_media_backlog(max_rows integer)
    RETURNS TABLE (message_id uuid, tenant_id uuid, media_id text, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT m.id, m.tenant_id, m.media_id, v.channel_id FROM messages m
        JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id
        WHERE m.media_id IS NOT NULL AND m.media_sealed IS NULL AND m.direction = 'inbound'
          AND m.media_attempts < 5 AND v.channel_id IS NOT NULL AND m.created_at > now() - interval '7 days'
          AND m.created_at < now() - interval '30 seconds'
        ORDER BY m.created_at LIMIT max_rows
    $$;

-- Claims outbox rows that are due, across tenants, holding each channel to its
-- messages-per-second cap over a sliding window of `span` (claims by every instance count:
-- a per-channel advisory lock serialises the counting). Claimed rows become `sending`.
-- Call it as a statement of its own, outside other transactions.
CREATE FUNCTION sigilo_outbox_claim(max_rows integer, span interval)
    RETURNS TABLE (message_id uuid, tenant_id uuid, channel_id uuid, attempts integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    ch record;
    allowed integer;
    remaining integer := max_rows;
BEGIN
    FOR ch IN
        SELECT DISTINCT o.channel_id, w.messages_per_second
        FROM outbox o JOIN whatsapp_channels w ON w.id = o.channel_id
        WHERE o.state = 'pending' AND o.next_attempt_at <= now() AND w.status = 'active'
        ORDER BY o.channel_id  -- every instance takes the channels' locks in one order
    LOOP
        EXIT WHEN remaining <= 0;
        PERFORM pg_advisory_xact_lock(hashtextextended('sigilo.outbox.' || ch.channel_id::text, 0));
        allowed := ch.messages_per_second - (
            SELECT count(*) FROM outbox r
            WHERE r.channel_id = ch.channel_id AND r.claimed_at > clock_timestamp() - span);
        IF allowed <= 0 THEN
            CONTINUE;
        END IF;
        RETURN QUERY
            UPDATE outbox u SET state = 'sending', claimed_at = clock_timestamp(), attempts = u.attempts + 1,
                                updated_at = now()
            WHERE u.message_id IN (
                SELECT o.message_id FROM outbox o
                WHERE o.channel_id = ch.channel_id AND o.state = 'pending' AND o.next_attempt_at <= now()
                ORDER BY o.next_attempt_at, o.created_at
                LIMIT least(allowed, remaining)
                FOR UPDATE SKIP LOCKED)
            RETURNING u.message_id, u.tenant_id, u.channel_id, u.attempts;
        GET DIAGNOSTICS allowed = ROW_COUNT;
        remaining := remaining - allowed;
    END LOOP;
END
$$;

-- `sending` rows whose claim is older than `lease`: their instance died mid-send. They turn
-- `uncertain` (never resent) along with their messages; returns how many.
CREATE FUNCTION sigilo_outbox_expire(lease interval) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    expired integer;
BEGIN
    WITH stale AS (
        UPDATE outbox SET state = 'uncertain', last_error = 'send_outcome_unknown', updated_at = now()
        WHERE state = 'sending' AND claimed_at < clock_timestamp() - lease
        RETURNING message_id, tenant_id
    )
    UPDATE messages m SET status = 'uncertain', updated_at = now()
    FROM stale WHERE m.tenant_id = stale.tenant_id AND m.id = stale.message_id AND m.status IN ('queued', 'sending');
    GET DIAGNOSTICS expired = ROW_COUNT;
    RETURN expired;
END
$$;

REVOKE ALL ON FUNCTION sigilo_integration_key(bytea), sigilo_webhook_purge(interval), sigilo_whatsapp_route(text[]), sigilo_whatsapp_verify_token_known(bytea), sigilo_media_backlog(integer),
    sigilo_webhook_backlog(interval, integer), sigilo_outbox_claim(integer, interval),
    sigilo_outbox_expire(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_integration_key(bytea), sigilo_webhook_purge(interval), sigilo_whatsapp_route(text[]), sigilo_whatsapp_verify_token_known(bytea), sigilo_media_backlog(integer),
    sigilo_webhook_backlog(interval, integer), sigilo_outbox_claim(integer, interval),
    sigilo_outbox_expire(interval) TO sigilo_app;
