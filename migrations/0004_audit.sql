-- 0004_audit: the audit chain's tables (docs/audit-format.md): events, one head per chain,
-- and signed checkpoints.
--
-- Append-only is enforced twice: the application role has no UPDATE, DELETE or TRUNCATE on
-- events and checkpoints (a permission error), and triggers refuse those statements for
-- every role, the owner included. Triggers do not stop a superuser (session_replication_role
-- = replica bypasses them); signed checkpoints kept outside the database catch that case.

CREATE TABLE audit_events (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    seq            bigint      NOT NULL CHECK (seq >= 1),
    occurred_at    timestamptz NOT NULL,
    actor_kind     text        NOT NULL,
    actor_id       text        NOT NULL,
    action         text        NOT NULL,
    resource_type  text        NOT NULL,
    resource_id    text        NOT NULL,
    subject_id     text        NOT NULL,
    purpose        text        NOT NULL,
    legal_basis    text        NOT NULL,
    outcome        text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
    request_id     text        NOT NULL,
    details        jsonb       NOT NULL DEFAULT '{}',
    -- The exact canonical bytes that were hashed; the columns above are for queries.
    encoded        bytea       NOT NULL,
    prev_hash      bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash           bytea       NOT NULL CHECK (length(hash) = 32),
    leaf           bytea       NOT NULL CHECK (length(leaf) = 32),
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_subject ON audit_events (tenant_id, subject_id, seq) WHERE subject_id <> '';
CREATE INDEX audit_events_time ON audit_events (tenant_id, occurred_at);

-- One row per chain: the last seq and hash. Appenders lock it (SELECT … FOR UPDATE), so
-- concurrent appends serialise per tenant and a race fails on the primary key, never forks.
CREATE TABLE audit_heads (
    tenant_id   uuid        PRIMARY KEY REFERENCES tenants (id),
    seq         bigint      NOT NULL CHECK (seq >= 0),
    hash        bytea       NOT NULL CHECK (length(hash) = 32),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Signed checkpoints (C2SP signed notes) pinning a chain's size, Merkle root and head hash.
CREATE TABLE audit_checkpoints (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    size         bigint      NOT NULL CHECK (size >= 1),
    root         bytea       NOT NULL CHECK (length(root) = 32),
    head_hash    bytea       NOT NULL CHECK (length(head_hash) = 32),
    key_id       text        NOT NULL,
    signed_note  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, size)
);

CREATE FUNCTION sigilo_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION sigilo_audit_head_forward() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.tenant_id <> OLD.tenant_id OR NEW.seq <= OLD.seq THEN
        RAISE EXCEPTION 'an audit head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION sigilo_audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION sigilo_audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION sigilo_audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION sigilo_audit_refuse_change();
CREATE TRIGGER audit_heads_forward BEFORE UPDATE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION sigilo_audit_head_forward();
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION sigilo_audit_refuse_change();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION sigilo_audit_refuse_change();

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['audit_events', 'audit_heads', 'audit_checkpoints'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_rows ON %I USING (tenant_id = sigilo_current_tenant()) '
            'WITH CHECK (tenant_id = sigilo_current_tenant())', name);
    END LOOP;
END
$$;

-- The application role appends and reads; only a head moves (forward, by the trigger).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM sigilo_app;
REVOKE DELETE, TRUNCATE ON audit_heads FROM sigilo_app;
REVOKE EXECUTE ON FUNCTION sigilo_audit_refuse_change(), sigilo_audit_head_forward() FROM PUBLIC;
