-- 0005_audit_append_path: one append path that PostgreSQL itself checks, and what signed
-- checkpoints need (docs/audit-format.md).
--
-- After 0004 the application role could insert any row into audit_events and move a head
-- anywhere forward. Now:
--   * an INSERT into audit_events is checked, per statement, by a trigger running as the owner:
--     the rows must continue their tenant's chain with no gap, each prev_hash must be the hash
--     before it, and hash and leaf must be SHA-256 of the stored bytes; the trigger then moves
--     the head. A forged or out-of-order row fails the whole statement.
--   * the application role no longer writes audit_heads at all; it locks its tenant's head
--     through sigilo_audit_lock_head() before computing hashes.

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

CREATE FUNCTION sigilo_audit_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    chain record;
    head_seq bigint;
    head_hash bytea;
BEGIN
    FOR chain IN
        SELECT tenant_id, min(seq) AS first, max(seq) AS last, count(*) AS n
        FROM added GROUP BY tenant_id ORDER BY tenant_id
    LOOP
        SELECT h.seq, h.hash INTO head_seq, head_hash
        FROM audit_heads h WHERE h.tenant_id = chain.tenant_id FOR UPDATE;
        IF NOT FOUND THEN
            head_seq := 0;
            head_hash := decode(repeat('00', 32), 'hex');
            INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (chain.tenant_id, 0, head_hash);
        END IF;
        IF chain.first <> head_seq + 1 OR chain.last - chain.first + 1 <> chain.n THEN
            RAISE EXCEPTION 'audit events must continue their chain at seq % without a gap', head_seq + 1
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF EXISTS (
            SELECT 1
            FROM added a LEFT JOIN added p ON p.tenant_id = a.tenant_id AND p.seq = a.seq - 1
            WHERE a.tenant_id = chain.tenant_id
              AND (a.prev_hash IS DISTINCT FROM CASE WHEN a.seq = chain.first THEN head_hash ELSE p.hash END
                   OR a.hash <> sha256(a.prev_hash || a.encoded)
                   OR a.leaf <> sha256('\x00'::bytea || a.encoded))
        ) THEN
            RAISE EXCEPTION 'audit events must link to the hash before them and hash their bytes'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        UPDATE audit_heads
        SET seq = chain.last,
            hash = (SELECT a.hash FROM added a WHERE a.tenant_id = chain.tenant_id AND a.seq = chain.last),
            updated_at = now()
        WHERE tenant_id = chain.tenant_id;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_events_link AFTER INSERT ON audit_events
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION sigilo_audit_link();

REVOKE INSERT, UPDATE ON audit_heads FROM sigilo_app;
REVOKE ALL ON FUNCTION sigilo_audit_lock_head(uuid), sigilo_audit_link() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sigilo_audit_lock_head(uuid) TO sigilo_app;

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
