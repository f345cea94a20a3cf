package import Foundation
import PostgresNIO

/// Quick replies (canned responses) of a tenant, by shortcut.
package struct QuickReplyRepository: Sendable {
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    package struct QuickReply: Sendable, Equatable {
        package var id: UUID
        package var shortcut: String
        package var title: String
        package var body: String
        package var createdAt: Date
        package var updatedAt: Date
    }

    static let columns = "id, shortcut, title, body, created_at, updated_at"
    typealias Row = (UUID, String, String, String, Date, Date)

    /// Quick replies in shortcut order, optionally those whose shortcut starts with `prefix`.
    package func list(tenant: UUID, prefix: String?) async throws -> [QuickReply] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM quick_replies
                WHERE \(prefix)::text IS NULL OR starts_with(shortcut, \(prefix)::text)
                ORDER BY shortcut LIMIT 500
                """,
                logger: Database.silentLogger
            )
            return try await Self.all(rows)
        }
    }

    package func find(_ id: UUID, tenant: UUID) async throws -> QuickReply? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM quick_replies WHERE id = \(id)",
                logger: Database.silentLogger
            )
            return try await Self.all(rows).first
        }
    }

    /// - Throws: ``StoreError`` `conflict` when the shortcut is taken.
    package func create(
        shortcut: String,
        title: String,
        body: String,
        tenant: UUID,
        audit: AuditDraft
    ) async throws
        -> QuickReply
    {
        try await write(tenant: tenant, audit: audit) { connection in
            try await connection.query(
                """
                INSERT INTO quick_replies (id, tenant_id, shortcut, title, body)
                VALUES (\(UUID()), \(tenant), \(shortcut), \(title), \(body))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
        } ?? { throw StoreError(.notFound) }()
    }

    /// Changes the fields given; nil when there is no such quick reply.
    /// - Throws: ``StoreError`` `conflict` when the new shortcut is taken.
    package func update(
        _ id: UUID,
        shortcut: String?,
        title: String?,
        body: String?,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> QuickReply? {
        try await write(tenant: tenant, audit: audit) { connection in
            try await connection.query(
                """
                UPDATE quick_replies SET shortcut = COALESCE(\(shortcut)::text, shortcut),
                    title = COALESCE(\(title)::text, title), body = COALESCE(\(body)::text, body), updated_at = now()
                WHERE id = \(id) RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
        }
    }

    package func delete(_ id: UUID, tenant: UUID, audit: AuditDraft) async throws -> Bool {
        try await write(tenant: tenant, audit: audit) { connection in
            try await connection.query(
                "DELETE FROM quick_replies WHERE id = \(id) RETURNING \(unescaped: Self.columns)",
                logger: Database.silentLogger
            )
        } != nil
    }

    /// Runs a statement returning the row, and audits it when it touched one.
    private func write(
        tenant: UUID,
        audit: AuditDraft,
        _ statement: @escaping @Sendable (PostgresConnection) async throws -> PostgresRowSequence
    ) async throws -> QuickReply? {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection -> QuickReply? in
                guard let reply = try await Self.all(try await statement(connection)).first else { return nil }
                var event = audit
                event.resourceID = reply.id.uuidString.lowercased()
                _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
                return reply
            }
        }
    }

    static func all(_ rows: PostgresRowSequence) async throws -> [QuickReply] {
        var found: [QuickReply] = []
        for try await row in rows.decode(Row.self) {
            found.append(
                QuickReply(id: row.0, shortcut: row.1, title: row.2, body: row.3, createdAt: row.4, updatedAt: row.5)
            )
        }
        return found
    }
}
