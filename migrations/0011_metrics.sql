-- 0011_metrics: indexes for GET /metrics/overview (docs/metrics.md says which figure each
-- serves). The window's rows of reply_times and conversations are read from the index alone
-- (index-only scans: reply_times is append-only, so its pages stay all-visible), and the two
-- "now" counts read only their own rows instead of every contact or cadence of the tenant.
CREATE INDEX reply_times_covering ON reply_times (tenant_id, replied_at)
    INCLUDE (awaited_from, first_response, queue_id, agent_id);
CREATE INDEX conversations_closed_covering ON conversations (tenant_id, closed_at)
    INCLUDE (opened_at, queue_id, assignee_id) WHERE closed_at IS NOT NULL;
CREATE INDEX conversations_opened_covering ON conversations (tenant_id, opened_at) INCLUDE (queue_id, assignee_id);
CREATE INDEX contacts_invalid_number ON contacts (tenant_id)
    WHERE whatsapp_status = 'invalid_number' AND merged_into IS NULL;
CREATE INDEX contact_cadences_unresponsive ON contact_cadences (tenant_id) WHERE state = 'unresponsive';

-- The fold of 0010 deleted and re-inserted every row of metric_deltas on each pass (every
-- 60 s in every instance): a year of a busy tenant is tens of thousands of rows rewritten a
-- minute, and as much dead tuples and WAL. This one folds only the groups that have more
-- than one row, so a pass over a folded table reads it and writes nothing. Same contract:
-- rows written meanwhile are not seen and stay for the next fold; two folds at once are
-- safe (the second's DELETE skips the rows the first removed, and it re-inserts only the
-- sums of what it removed itself).
CREATE OR REPLACE FUNCTION sigilo_metric_deltas_compact() RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    folded integer;
BEGIN
    WITH doubled AS (
        SELECT tenant_id, day, queue_id, agent_id, metric, reason FROM metric_deltas
        GROUP BY tenant_id, day, queue_id, agent_id, metric, reason
        HAVING count(*) > 1
    ), gone AS (
        DELETE FROM metric_deltas d USING doubled g
        WHERE d.tenant_id = g.tenant_id AND d.day = g.day
          AND (d.queue_id, d.agent_id, d.metric, d.reason) IS NOT DISTINCT FROM (g.queue_id, g.agent_id, g.metric, g.reason)
        RETURNING d.*
    ), summed AS (
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
