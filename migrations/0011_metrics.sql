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
