package import Foundation
import PostgresNIO
import SigiloCrypto

/// Webhook bodies stored sealed before Meta gets its 200, then processed exactly once in
/// effect: processing takes a row lock (`FOR UPDATE SKIP LOCKED`), so two instances never
/// process one event at once, and everything it writes is idempotent on Meta's ids, so a
/// crash mid-way only means it runs again.
package struct WebhookInbox: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Stores `body` (the exact bytes Meta signed) for `tenant`; durable when this returns.
    /// - Returns: the event's id.
    package func store(tenant: UUID, body: Data) async throws -> UUID {
        let id = UUID()
        let text = String(decoding: body, as: UTF8.self)
        if let key = keys.cachedTenantKey(.webhookInbox, tenant: tenant) {
            // The hot path: one statement, its own transaction (the function sets the tenant
            // for it, so row-level security still decides; migration 0007).
            let sealed = try key.seal(text, at: Self.address(id, tenant))
            try await database.withConnection { connection in
                try await connection.run("SELECT sigilo_webhook_store(\(tenant), \(id), \(sealed))")
            }
            return id
        }
        try await database.withTenant(tenant) { connection in
            let key = try await keys.tenantKey(.webhookInbox, tenant: tenant, on: connection)
            let sealed = try key.seal(text, at: Self.address(id, tenant))
            try await connection.run(
                "INSERT INTO webhook_events (id, tenant_id, body_sealed) VALUES (\(id), \(tenant), \(sealed))"
            )
        }
        return id
    }

    /// Processes the unprocessed events among `ids` in one transaction: `body` gets each
    /// event's bytes and a writer on that transaction, and answers which contacts each event
    /// names (kept with the event for erasure); the events are marked processed and
    /// the writer's audit events appended before it commits. Events another instance holds,
    /// or already processed, are skipped.
    /// - Returns: the ids processed.
    @discardableResult
    package func process(
        tenant: UUID,
        ids: [UUID],
        _ body: (_ events: [(id: UUID, body: Data)], _ writer: InboundWriter) async throws -> [UUID: [UUID]]
    ) async throws -> [UUID] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT id, body_sealed FROM webhook_events
                WHERE id = ANY(\(ids)::uuid[]) AND processed_at IS NULL
                ORDER BY received_at FOR UPDATE SKIP LOCKED
                """,
                logger: Database.silentLogger
            )
            var sealed: [(UUID, Data)] = []
            for try await row in rows.decode((UUID, Data).self) { sealed.append(row) }
            guard !sealed.isEmpty else { return [] }
            let key = try await keys.tenantKey(.webhookInbox, tenant: tenant, on: connection)
            let events = try sealed.map { id, data in
                do {
                    return (id: id, body: Data(try key.open(data, at: Self.address(id, tenant)).utf8))
                } catch {
                    throw SealedDataError(.valueUnreadable, table: "webhook_events", column: "body_sealed", row: id)
                }
            }
            let writer = InboundWriter(connection: connection, tenant: tenant, keys: keys, database: database)
            let mentions = try await body(events, writer)
            let done = events.map(\.id)
            // Which contacts each body names, so erasing one of them deletes the body too.
            let pairs = mentions.flatMap { event, contacts in contacts.map { (event, $0) } }
            try await connection.run(
                """
                UPDATE webhook_events w SET processed_at = now(),
                    contact_ids = COALESCE((SELECT array_agg(DISTINCT m.contact)
                        FROM unnest(\(pairs.map(\.0))::uuid[], \(pairs.map(\.1))::uuid[]) AS m(event, contact)
                        WHERE m.event = w.id), '{}')
                WHERE id = ANY(\(done)::uuid[])
                """
            )
            try await writer.finish()
            return done
        }
    }

    /// Counts a failed processing attempt of one event, kept for the sweep to retry after a
    /// growing pause (1 s, 2 s, 4 s … up to an hour), until retention deletes it.
    package func recordFailure(tenant: UUID, id: UUID, code: String) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                """
                UPDATE webhook_events SET attempts = attempts + 1, last_error = \(code),
                    next_attempt_at = now() + least(power(2, attempts), 3600) * interval '1 second'
                WHERE id = \(id) AND processed_at IS NULL
                """
            )
        }
    }

    /// Events left unprocessed for longer than `age`, oldest first, across tenants.
    package func backlog(olderThan age: Duration, limit: Int) async throws -> [(id: UUID, tenant: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT id, tenant_id FROM sigilo_webhook_backlog(make_interval(secs => \(age.seconds)), \(Int32(limit)))",
                logger: Database.silentLogger
            )
            var found: [(id: UUID, tenant: UUID)] = []
            for try await (id, tenant) in rows.decode((UUID, UUID).self) { found.append((id, tenant)) }
            return found
        }
    }

    /// Deletes processed bodies older than `age`, across tenants. - Returns: how many.
    package func purge(processedBefore age: Duration) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_webhook_purge(make_interval(secs => \(age.seconds)))",
                logger: Database.silentLogger
            )
            var count = 0
            for try await value in rows.decode(Int32.self) { count = Int(value) }
            return count
        }
    }

    /// How many events wait to be processed (all tenants the caller can see: none without a
    /// tenant; tests and diagnostics use a tenant).
    package func pendingCount(tenant: UUID) async throws -> Int {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT count(*) FROM webhook_events WHERE processed_at IS NULL",
                logger: Database.silentLogger
            )
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
    }

    static func address(_ id: UUID, _ tenant: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "webhook_events", column: "body_sealed", row: id, subject: tenant)
    }
}
