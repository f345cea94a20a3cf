-- 0008_audit_lock_order: audit appends lock their chains' heads before inserting.
--
-- Two paths append to one tenant's chain: the group-commit appender (one statement, many
-- tenants) and data changes that append inside their own transaction after locking the head
-- (sigilo_audit_lock_head). With WhatsApp processing and sending both appending in their
-- transactions, an appender statement that inserted first and locked the head second could
-- deadlock with them. Same signature, grants kept.

CREATE OR REPLACE FUNCTION sigilo_audit_append(
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
    -- The heads first, in tenant order: the link trigger locks them again after the insert,
    -- but by then this statement holds the new rows' index entries, and a writer holding a
    -- head (a data change appending in its own transaction) waits for those entries while
    -- this one waits for its head: a deadlock. Locked first, the writers simply queue.
    PERFORM 1 FROM audit_heads h
        WHERE h.tenant_id IN (SELECT DISTINCT t.id FROM unnest(p_tenants) AS t (id))
        ORDER BY h.tenant_id
        FOR UPDATE;
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


