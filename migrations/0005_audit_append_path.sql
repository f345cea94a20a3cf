-- 0005_audit_append_path: one append path that PostgreSQL itself checks, and what signed
-- checkpoints need (docs/audit-format.md §5, §8).
--
-- After 0004 the application role could insert any row into audit_events and move a head
-- anywhere forward. Now:
--   * the application role may not INSERT into audit_events nor write audit_heads: it appends
--     only through sigilo_audit_append(), one statement for a batch of rows of one or several
--     tenants, which runs as the owner;
--   * every INSERT into audit_events, by anyone, is checked per statement by a trigger: the
--     rows must continue their tenant's chain with no gap, each prev_hash must be the hash
--     before it, and hash and leaf must be SHA-256 of the stored bytes; the trigger then moves
--     the heads. A forged or out-of-order row fails the whole statement (SQLSTATE 23000).
--   * sigilo_audit_lock_head() locks the current tenant's head for a data change that appends
--     its events in the same transaction; sigilo_audit_heads() reads heads to compute hashes.

CREATE FUNCTION sigilo_audit_lock_head(p_tenant uuid, OUT seq bigint, OUT hash bytea)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_tenant IS DISTINCT FROM sigilo_current_tenant() THEN
        RAISE EXCEPTION 'an audit head can only be locked for the current tenant'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (p_tenant, 0, decode(repeat('00', 32), 'hex'))
        ON CONFLICT (tenant_id) DO NOTHING;
    SELECT h.seq, h.hash INTO seq, hash FROM audit_heads h WHERE h.tenant_id = p_tenant FOR UPDATE;
END
$$;

CREATE FUNCTION sigilo_audit_heads(p_tenants uuid[])
    RETURNS TABLE (tenant_id uuid, seq bigint, hash bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT t.id, coalesce(h.seq, 0), coalesce(h.hash, decode(repeat('00', 32), 'hex'))
        FROM unnest(p_tenants) AS t (id) LEFT JOIN audit_heads h ON h.tenant_id = t.id
    $$;

-- The one append path of the application role. Inside a transaction scoped to a tenant it
-- accepts only that tenant's rows; outside one (the group-commit appender) rows of several
-- tenants, each chain checked by the trigger below.
CREATE FUNCTION sigilo_audit_append(
    p_tenants uuid[], p_seqs bigint[], p_micros bigint[], p_actor_kinds text[], p_actor_ids text[],
    p_actions text[], p_resource_types text[], p_resource_ids text[], p_subject_ids text[],
    p_purposes text[], p_legal_bases text[], p_outcomes text[], p_request_ids text[], p_details text[],
    p_encoded bytea[], p_prev_hashes bytea[], p_hashes bytea[], p_leaves bytea[]
) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    scope uuid := sigilo_current_tenant();
    added integer;
BEGIN
    IF scope IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(p_tenants) AS t (id) WHERE t.id <> scope) THEN
        RAISE EXCEPTION 'audit events of another tenant than the current one'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action, resource_type,
        resource_id, subject_id, purpose, legal_basis, outcome, request_id, details, encoded, prev_hash,
        hash, leaf)
    SELECT r.tenant_id, r.seq, timestamptz 'epoch' + r.micros * interval '1 microsecond', r.actor_kind,
        r.actor_id, r.action, r.resource_type, r.resource_id, r.subject_id, r.purpose, r.legal_basis,
        r.outcome, r.request_id, r.details::jsonb, r.encoded, r.prev_hash, r.hash, r.leaf
    FROM unnest(p_tenants, p_seqs, p_micros, p_actor_kinds, p_actor_ids, p_actions, p_resource_types,
        p_resource_ids, p_subject_ids, p_purposes, p_legal_bases, p_outcomes, p_request_ids, p_details,
        p_encoded, p_prev_hashes, p_hashes, p_leaves)
        AS r (tenant_id, seq, micros, actor_kind, actor_id, action, resource_type, resource_id, subject_id,
              purpose, legal_basis, outcome, request_id, details, encoded, prev_hash, hash, leaf);
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END
$$;

-- Every tenant has its head from the start (the trigger below never creates one).
CREATE FUNCTION sigilo_audit_create_head() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (NEW.id, 0, decode(repeat('00', 32), 'hex'))
        ON CONFLICT (tenant_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER tenants_audit_head AFTER INSERT ON tenants
    FOR EACH ROW EXECUTE FUNCTION sigilo_audit_create_head();
INSERT INTO audit_heads (tenant_id, seq, hash)
    SELECT id, 0, decode(repeat('00', 32), 'hex') FROM tenants
    ON CONFLICT (tenant_id) DO NOTHING;

-- Checks one INSERT statement's rows, all tenants at once, in one query (a query per row,
-- or several per statement, would cost more than the insert): heads are locked in tenant
-- order; a row with no predecessor in the statement must follow its head, every other row
-- must link to its predecessor (together: no gap, no fork); hash and leaf must be SHA-256 of
-- the bytes. Only when nothing is wrong do the heads move; otherwise the statement fails.
CREATE FUNCTION sigilo_audit_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    broken boolean;
BEGIN
    WITH heads AS (
        SELECT h.tenant_id, h.seq, h.hash FROM audit_heads h
        WHERE h.tenant_id IN (SELECT a.tenant_id FROM added a)
        ORDER BY h.tenant_id
        FOR UPDATE
    ), bad AS (
        SELECT 1
        FROM added a
        LEFT JOIN heads h ON h.tenant_id = a.tenant_id
        LEFT JOIN added p ON p.tenant_id = a.tenant_id AND p.seq = a.seq - 1
        WHERE h.tenant_id IS NULL
           OR (p.seq IS NULL AND (a.seq <> h.seq + 1 OR a.prev_hash <> h.hash))
           OR (p.seq IS NOT NULL AND a.prev_hash <> p.hash)
           OR a.hash <> sha256(a.prev_hash || a.encoded)
           OR a.leaf <> sha256('\x00'::bytea || a.encoded)
        LIMIT 1
    ), last AS (
        SELECT DISTINCT ON (a.tenant_id) a.tenant_id, a.seq, a.hash FROM added a ORDER BY a.tenant_id, a.seq DESC
    ), moved AS (
        UPDATE audit_heads h
        SET seq = last.seq, hash = last.hash, updated_at = now()
        FROM last
        WHERE h.tenant_id = last.tenant_id AND NOT EXISTS (SELECT 1 FROM bad)
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM bad) INTO broken;  -- moved runs regardless (it is a data-modifying WITH)
    IF broken THEN
        RAISE EXCEPTION 'audit events must continue their chain without a gap, link to the hash before them, and hash their bytes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;

-- The per-row foreign-key check from events to tenants cost about a third of an append
-- (a lookup and a row lock per event). The link trigger refuses rows whose tenant has no
-- head, and audit_heads references tenants, so every event still belongs to a real tenant.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_tenant_id_fkey;

CREATE TRIGGER audit_events_link AFTER INSERT ON audit_events
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION sigilo_audit_link();

REVOKE INSERT ON audit_events FROM sigilo_app;
REVOKE INSERT, UPDATE ON audit_heads FROM sigilo_app;
REVOKE ALL ON FUNCTION sigilo_audit_lock_head(uuid), sigilo_audit_heads(uuid[]), sigilo_audit_link(),
    sigilo_audit_create_head(),
    sigilo_audit_append(uuid[], bigint[], bigint[], text[], text[], text[], text[], text[], text[], text[],
        text[], text[], text[], text[], bytea[], bytea[], bytea[], bytea[])
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_audit_lock_head(uuid), sigilo_audit_heads(uuid[]),
    sigilo_audit_append(uuid[], bigint[], bigint[], text[], text[], text[], text[], text[], text[], text[],
        text[], text[], text[], text[], bytea[], bytea[], bytea[], bytea[])
    TO sigilo_app;

-- A checkpoint keeps the Merkle frontier of its tree (the roots of its perfect subtrees,
-- 32 bytes each, one per bit set in size), so the next one hashes only the events since.
ALTER TABLE audit_checkpoints ADD COLUMN frontier bytea NOT NULL CHECK (length(frontier) % 32 = 0);

-- The chains due a checkpoint: `every` events since the last one, or any event since one
-- older than `max_age` (for a chain never checkpointed, since its first event). Runs as the
-- owner because it looks across tenants; it reveals only tenant ids.
CREATE FUNCTION sigilo_audit_checkpoints_due(p_every bigint, p_max_age interval) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT h.tenant_id
        FROM audit_heads h
        LEFT JOIN LATERAL (
            SELECT c.size, c.created_at FROM audit_checkpoints c
            WHERE c.tenant_id = h.tenant_id ORDER BY c.size DESC LIMIT 1
        ) last ON true
        WHERE h.seq > coalesce(last.size, 0)
          AND (h.seq - coalesce(last.size, 0) >= p_every
               OR coalesce(last.created_at,
                           (SELECT e.occurred_at FROM audit_events e WHERE e.tenant_id = h.tenant_id AND e.seq = 1))
                  <= now() - p_max_age)
        ORDER BY h.tenant_id
    $$;
REVOKE ALL ON FUNCTION sigilo_audit_checkpoints_due(bigint, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_audit_checkpoints_due(bigint, interval) TO sigilo_app;
