package import Foundation
import PostgresNIO
package import SigiloCore

/// Applies `policies/retention.json` to a tenant's rows, in batches of a few hundred, each
/// its own transaction with its audit event. Rows are taken `FOR UPDATE SKIP LOCKED`, so
/// several instances share the work; the data of a subject under a legal hold is kept.
package struct RetentionRepository: Sendable {
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Rows changed per transaction.
    static let batchSize = 500

    /// Every tenant, for the job to visit.
    package func tenants() async throws -> [UUID] {
        try await database.withConnection { connection in
            let rows = try await connection.query("SELECT sigilo_retention_tenants()", logger: Database.silentLogger)
            var tenants: [UUID] = []
            for try await id in rows.decode(UUID.self) { tenants.append(id) }
            return tenants
        }
    }

    /// How many rows `rule` would change for `tenant` at `now` (the dry run).
    package func due(_ rule: RetentionPolicy.Rule, tenant: UUID, at now: Date) async throws -> Int {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT count(*)::bigint FROM (\(Self.selection(rule))) AS due",
                    binds: Self.bindings(rule, now: now, limit: nil)
                ),
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    /// Applies `rule` for `tenant` at `now`, batch after batch, until nothing is due.
    /// - Returns: the rows changed.
    package func apply(_ rule: RetentionPolicy.Rule, tenant: UUID, at now: Date) async throws -> Int {
        var total = 0
        while true {
            let changed = try await database.withTenant(tenant) { connection -> Int in
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: Self.change(rule),
                        binds: Self.bindings(rule, now: now, limit: Self.batchSize)
                    ),
                    logger: Database.silentLogger
                )
                var changed = 0
                for try await count in rows.decode(Int64.self) { changed = Int(count) }
                guard changed > 0 else { return 0 }
                let event = AuditDraft(
                    tenantID: tenant,
                    actorKind: "system",
                    actorID: "retention",
                    action: "retention.\(rule.action.rawValue)",
                    resourceType: rule.category.rawValue,
                    purpose: "retention",
                    legalBasis: "legal_obligation",
                    details: [
                        "category": rule.category.rawValue, "count": "\(changed)", "days": "\(rule.days)",
                        "cutoff": rule.cutoff(at: now).formatted(.iso8601),
                    ]
                )
                _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
                return changed
            }
            total += changed
            if changed < Self.batchSize { return total }
        }
    }

    /// Not held: no legal hold in force on the contact `column` names.
    private static func notHeld(_ column: String) -> String {
        """
        NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.contact_id = \(column) AND h.released_at IS NULL
                    AND (h.until IS NULL OR h.until > $1))
        """
    }

    /// The ids `rule` is due for ($1 the cutoff's reference time, $2 the cutoff).
    private static func selection(_ rule: RetentionPolicy.Rule) -> String {
        switch rule.category {
        case .messages:
            """
            SELECT m.id FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
            WHERE m.occurred_at < $2 AND (c.contact_id IS NULL OR \(notHeld("c.contact_id")))
            """
        case .closedConversations:
            """
            SELECT c.id FROM conversations c
            WHERE c.status = 'closed' AND c.closed_at < $2 AND (c.contact_id IS NULL OR \(notHeld("c.contact_id")))
            """
        case .interactions where rule.action == .anonymise:
            """
            SELECT i.id FROM interactions i
            WHERE i.occurred_at < $2 AND i.text_sealed IS NOT NULL AND \(notHeld("i.contact_id"))
            """
        case .interactions:
            "SELECT i.id FROM interactions i WHERE i.occurred_at < $2 AND \(notHeld("i.contact_id"))"
        case .webhookBodies:
            "SELECT w.id FROM webhook_events w WHERE w.processed_at < $2"
        case .closedRequests:
            """
            SELECT r.id FROM dsr_requests r
            WHERE r.closed_at < $2 AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.request_id = r.id)
            """
        }
    }

    /// One batch of the change, answering how many rows it changed ($3 the batch size).
    private static func change(_ rule: RetentionPolicy.Rule) -> String {
        let table: String
        switch rule.category {
        case .messages: table = "messages"
        case .closedConversations: table = "conversations"
        case .interactions: table = "interactions"
        case .webhookBodies: table = "webhook_events"
        case .closedRequests: table = "dsr_requests"
        }
        // LIMIT after FOR UPDATE SKIP LOCKED: rows another instance holds are skipped before
        // counting, so instances running at once take different batches.
        let batch = """
            SELECT id FROM \(table) WHERE id IN (SELECT id FROM (\(selection(rule))) AS due)
            LIMIT $3 FOR UPDATE SKIP LOCKED
            """
        let sql =
            rule.action == .anonymise
            ? """
            WITH changed AS (
                UPDATE \(table) SET text_sealed = NULL, updated_at = now()
                WHERE id IN (\(batch))
                RETURNING 1
            ) SELECT count(*)::bigint FROM changed
            """
            : """
            WITH changed AS (
                DELETE FROM \(table)
                WHERE id IN (\(batch))
                RETURNING 1
            ) SELECT count(*)::bigint FROM changed
            """
        return sql
    }

    private static func bindings(_ rule: RetentionPolicy.Rule, now: Date, limit: Int?) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(now)
        bindings.append(rule.cutoff(at: now))
        if let limit { bindings.append(Int64(limit)) }
        return bindings
    }
}
