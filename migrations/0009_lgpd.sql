-- 0009_lgpd: consent records, data-subject requests, legal holds and erasure receipts
-- (LGPD Arts. 7, 8, 16, 18, 19), and which contacts each webhook body mentions, so erasing a
-- subject also deletes the raw bodies that name them. docs/lgpd.md maps articles to features.

-- Consent history: one row per grant or revocation, never changed; a contact's current
-- consent for a purpose is its latest row. Evidence (such as the id of an opt-in message) is
-- sealed under the contact's key, so erasure shreds it with everything else.
CREATE TABLE consents (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    contact_id       uuid        NOT NULL,
    purpose          text        NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9_]{0,49}$'),
    status           text        NOT NULL CHECK (status IN ('granted', 'revoked')),
    legal_basis      text        NOT NULL CHECK (legal_basis ~ '^[a-z][a-z_]{0,49}$'),
    channel          text        NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
    evidence_sealed  bytea,
    recorded_by      text        NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 64),
    occurred_at      timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consents_current ON consents (tenant_id, contact_id, purpose, occurred_at DESC, created_at DESC);

-- Data-subject requests (Art. 18) with their legal deadline (Art. 19: 15 days for the full
-- reply). `subject_id` stays after erasure (pseudonymous, for the compliance record);
-- `contact_id` is cleared and the free-text details, sealed under the subject's key, become
-- unreadable with it.
CREATE TABLE dsr_requests (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    contact_id       uuid,
    subject_id       uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('confirmation', 'access', 'portability', 'correction',
                                                         'anonymisation', 'erasure', 'consent_revocation',
                                                         'sharing_information')),
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'completed', 'rejected')),
    channel          text        NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
    details_sealed   bytea,
    received_at      timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    created_by       text        NOT NULL CHECK (length(created_by) BETWEEN 1 AND 64),
    approved_by      text        CHECK (length(approved_by) BETWEEN 1 AND 64),
    approved_at      timestamptz,
    closed_by        text        CHECK (length(closed_by) BETWEEN 1 AND 64),
    closed_at        timestamptz,
    outcome          text        CHECK (outcome ~ '^[a-z][a-z0-9_]{0,63}$'),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- Art. 19: `simplified` (I, at once; confirmation and access only) or `complete` (II, 15 days).
    reply            text        NOT NULL DEFAULT 'complete' CHECK (reply IN ('simplified', 'complete')),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id),
    CHECK (reply = 'complete' OR kind IN ('confirmation', 'access')),
    CHECK (due_at >= received_at),
    CHECK ((status IN ('completed', 'rejected')) = (closed_at IS NOT NULL))
);
CREATE INDEX dsr_requests_due ON dsr_requests (tenant_id, due_at) WHERE status IN ('open', 'approved');
CREATE INDEX dsr_requests_subject ON dsr_requests (tenant_id, subject_id);

-- Legal holds: an obligation to keep a contact's data (tax records, a lawsuit) that blocks
-- its erasure until released or past `until`.
CREATE TABLE legal_holds (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    contact_id       uuid        NOT NULL,
    reason           text        NOT NULL CHECK (reason ~ '^[a-z][a-z0-9_]{0,63}$'),
    until            timestamptz,
    created_by       text        NOT NULL CHECK (length(created_by) BETWEEN 1 AND 64),
    created_at       timestamptz NOT NULL DEFAULT now(),
    released_by      text        CHECK (length(released_by) BETWEEN 1 AND 64),
    released_at      timestamptz,
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX legal_holds_contact ON legal_holds (tenant_id, contact_id) WHERE released_at IS NULL;

-- What an erasure did, and its receipt (signed with the audit checkpoint key), kept after the
-- subject is gone: ids and counts only.
CREATE TABLE erasures (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    request_id       uuid        NOT NULL UNIQUE,
    subject_id       uuid        NOT NULL,
    executed_by      text        NOT NULL CHECK (length(executed_by) BETWEEN 1 AND 64),
    executed_at      timestamptz NOT NULL DEFAULT now(),
    removed          jsonb       NOT NULL,
    receipt          text        NOT NULL,
    FOREIGN KEY (tenant_id, request_id) REFERENCES dsr_requests (tenant_id, id)
);

-- The contacts each processed webhook body mentions (senders, recipients of receipts).
ALTER TABLE webhook_events ADD COLUMN contact_ids uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX webhook_events_contacts ON webhook_events USING gin (contact_ids);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['consents', 'dsr_requests', 'legal_holds', 'erasures'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;
REVOKE TRUNCATE ON consents, dsr_requests, legal_holds, erasures FROM sigilo_app;
-- Consent history and erasure receipts are records: the application adds to them, never
-- rewrites them (a contact's consents go with the contact, through the foreign key).
REVOKE UPDATE, DELETE ON consents, erasures FROM sigilo_app;

-- The retention job visits every tenant; each tenant's rows are then changed under its own
-- row-level security scope. This lists the tenants and nothing else.
CREATE FUNCTION sigilo_retention_tenants() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id FROM tenants ORDER BY id $$;
REVOKE ALL ON FUNCTION sigilo_retention_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_retention_tenants() TO sigilo_app;

-- The host CRM's endpoint for LGPD notices (Art. 18 §6: those the data was shared with are
-- told of an erasure), one per tenant; its signing secret sealed under a tenant-derived key.
CREATE TABLE host_webhooks (
    tenant_id      uuid        PRIMARY KEY REFERENCES tenants (id),
    url            text        NOT NULL CHECK (url ~ '^https?://[^ ]+$' AND length(url) <= 500),
    secret_sealed  bytea       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Notices to the host CRM, written in the transaction of what they announce and delivered by
-- any instance's notifier (signed, retried with backoff). Pseudonymous ids only.
CREATE TABLE host_notifications (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    event            text        NOT NULL CHECK (event ~ '^[a-z][a-z_.]{0,63}$'),
    payload          text        NOT NULL CHECK (length(payload) <= 4096),
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status      integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX host_notifications_due ON host_notifications (next_attempt_at) WHERE state = 'pending';

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['host_webhooks', 'host_notifications'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;
REVOKE TRUNCATE ON host_webhooks, host_notifications FROM sigilo_app;

-- Which notices are due, across tenants (ids only), for the notifier to take one by one
-- under each tenant's scope.
CREATE FUNCTION sigilo_host_notifications_due(max_rows integer) RETURNS TABLE (id uuid, tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT n.id, n.tenant_id FROM host_notifications n
        WHERE n.state = 'pending' AND n.next_attempt_at <= now()
        ORDER BY n.next_attempt_at LIMIT least(max_rows, 1000)
    $$;
REVOKE ALL ON FUNCTION sigilo_host_notifications_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_host_notifications_due(integer) TO sigilo_app;

-- A merge moves the absorbed contact's consent history to the survivor, its evidence resealed
-- under the survivor's key. The application cannot UPDATE consents; this function, in the
-- caller's tenant only, is the one way a record changes hands (never its content otherwise).
CREATE FUNCTION sigilo_consents_move(absorbed uuid, survivor uuid, evidence_ids uuid[], evidence bytea[])
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    scope uuid := sigilo_current_tenant();
BEGIN
    IF scope IS NULL THEN
        RAISE EXCEPTION 'no tenant scope' USING ERRCODE = '42501';
    END IF;
    UPDATE consents c SET evidence_sealed = e.sealed
    FROM unnest(evidence_ids, evidence) AS e(id, sealed)
    WHERE c.id = e.id AND c.tenant_id = scope AND c.contact_id = absorbed;
    UPDATE consents SET contact_id = survivor WHERE tenant_id = scope AND contact_id = absorbed;
END
$$;
REVOKE ALL ON FUNCTION sigilo_consents_move(uuid, uuid, uuid[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_consents_move(uuid, uuid, uuid[], bytea[]) TO sigilo_app;
