package import Foundation
import PostgresNIO
import SigiloCore

/// Legal holds: an obligation to keep a contact's data (tax records, a lawsuit) that blocks
/// its erasure until released or past `until`.
package struct LegalHoldRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    package struct Hold: Sendable, Equatable {
        package var id: UUID
        package var contact: UUID
        package var reason: String
        package var until: Date?
        package var createdBy: String
        package var createdAt: Date
        package var releasedBy: String?
        package var releasedAt: Date?
    }

    static let columns = "id, contact_id, reason, until, created_by, created_at, released_by, released_at"
    typealias Row = (UUID, UUID, String, Date?, String, Date, String?, Date?)

    /// Places a hold on a live contact, audited; nil when the tenant has no such contact.
    package func place(
        contact: UUID,
        reason: String,
        until: Date?,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Hold? {
        try await database.withTenant(tenant) { connection -> Hold? in
            guard try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection) != nil else {
                return nil
            }
            let rows = try await connection.query(
                """
                INSERT INTO legal_holds (id, tenant_id, contact_id, reason, until, created_by)
                VALUES (\(UUID()), \(tenant), \(contact), \(reason), \(until)::timestamptz, \(audit.actorID))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            var hold: Hold?
            for try await row in rows.decode(Row.self) { hold = Self.hold(row) }
            var event = audit
            event.resourceID = hold?.id.uuidString.lowercased() ?? ""
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return hold
        }
    }

    /// The contact's holds, in force first; nil when the tenant has no such contact.
    package func list(contact: UUID, tenant: UUID) async throws -> [Hold]? {
        try await database.withTenant(tenant) { connection -> [Hold]? in
            guard
                try await ContactSubject.lock(contact, tenant: tenant, keys: keys, forUpdate: false, on: connection)
                    != nil
            else {
                return nil
            }
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM legal_holds WHERE contact_id = \(contact)
                ORDER BY released_at NULLS FIRST, created_at DESC
                """,
                logger: Database.silentLogger
            )
            var holds: [Hold] = []
            for try await row in rows.decode(Row.self) { holds.append(Self.hold(row)) }
            return holds
        }
    }

    /// Releases a hold in force, audited; nil when there is no such hold in force.
    package func release(_ id: UUID, contact: UUID, tenant: UUID, audit: AuditDraft) async throws -> Hold? {
        try await database.withTenant(tenant) { connection -> Hold? in
            let rows = try await connection.query(
                """
                UPDATE legal_holds SET released_by = \(audit.actorID), released_at = now()
                WHERE id = \(id) AND contact_id = \(contact) AND released_at IS NULL
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            var hold: Hold?
            for try await row in rows.decode(Row.self) { hold = Self.hold(row) }
            guard hold != nil else { return nil }
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return hold
        }
    }

    /// The reasons of the legal holds in force on `contact`.
    static func reasonsInForce(on contact: UUID, connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            """
            SELECT DISTINCT reason FROM legal_holds
            WHERE contact_id = \(contact) AND released_at IS NULL AND (until IS NULL OR until > now())
            ORDER BY reason
            """,
            logger: Database.silentLogger
        )
        var reasons: [String] = []
        for try await reason in rows.decode(String.self) { reasons.append(reason) }
        return reasons
    }

    static func hold(_ row: Row) -> Hold {
        Hold(
            id: row.0,
            contact: row.1,
            reason: row.2,
            until: row.3,
            createdBy: row.4,
            createdAt: row.5,
            releasedBy: row.6,
            releasedAt: row.7
        )
    }
}
