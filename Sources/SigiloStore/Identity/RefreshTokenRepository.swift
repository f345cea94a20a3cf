package import Foundation
import PostgresNIO

/// Refresh-token families: issue, rotate on every use, revoke on reuse or logout.
package struct RefreshTokenRepository: Sendable {
    /// The result of presenting a refresh token.
    package enum Rotation: Sendable, Equatable {
        /// The token was live: it is now spent and `next` replaces it, for `user`.
        case rotated(user: UserRecord, nextID: UUID)
        /// The token had already been spent: the whole family is now revoked.
        case reused
        /// Unknown, wrong secret, expired, revoked, or its user is disabled.
        case invalid
    }

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Stores a new token (a new family at login, the next of a family on rotation).
    package func insert(
        tenant: UUID,
        id: UUID,
        user: UUID,
        family: UUID,
        secretDigest: Data,
        expiresAt: Date
    ) async throws {
        try await database.withTenant(tenant) { connection in
            try await Self.insert(
                on: connection,
                tenant: tenant,
                id: id,
                user: user,
                family: family,
                secretDigest: secretDigest,
                expiresAt: expiresAt
            )
        }
    }

    /// Spends token `id` if `matches` accepts its stored digest, and stores its successor in
    /// the same transaction. The row is locked, so two concurrent uses of one token cannot
    /// both succeed: the second sees it spent and revokes the family.
    /// - Parameters:
    ///   - matches: Compares the presented secret with the stored digest in constant time.
    ///   - nextID / nextDigest / expiresAt: The successor.
    package func rotate(
        tenant: UUID,
        id: UUID,
        matches: @Sendable (Data) -> Bool,
        nextID: UUID,
        nextDigest: Data,
        expiresAt: Date
    ) async throws -> Rotation {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT t.family_id, t.secret_hash, t.spent_at IS NOT NULL, t.revoked_at IS NOT NULL,
                       t.expires_at <= now(), u.id, u.tenant_id, u.email_sealed, u.roles, u.password_hash,
                       u.disabled_at, u.created_at, u.updated_at
                FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.id = \(id) FOR UPDATE OF t
                """,
                logger: Database.silentLogger
            )
            typealias Row = (UUID, Data, Bool, Bool, Bool, UUID, UUID, Data, [String], String, Date?, Date, Date)
            var found: Row?
            for try await row in rows.decode(Row.self) { found = row }
            guard let row = found, matches(row.1) else { return .invalid }
            let family = row.0
            if row.2 {
                try await connection.run(
                    "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = \(family) AND revoked_at IS NULL"
                )
                return .reused
            }
            let user = UserRecord(
                id: row.5,
                tenantID: row.6,
                emailSealed: row.7,
                roles: row.8,
                passwordHash: row.9,
                disabledAt: row.10,
                createdAt: row.11,
                updatedAt: row.12
            )
            guard !row.3, !row.4, !user.isDisabled else { return .invalid }
            try await connection.run(
                "UPDATE refresh_tokens SET spent_at = now() WHERE id = \(id)"
            )
            try await Self.insert(
                on: connection,
                tenant: tenant,
                id: nextID,
                user: user.id,
                family: family,
                secretDigest: nextDigest,
                expiresAt: expiresAt
            )
            return .rotated(user: user, nextID: nextID)
        }
    }

    /// Revokes the family of token `id` if `matches` accepts its digest (logout).
    /// - Returns: Whether a family was revoked.
    package func revokeFamily(tenant: UUID, id: UUID, matches: @Sendable (Data) -> Bool) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT family_id, secret_hash FROM refresh_tokens WHERE id = \(id)",
                logger: Database.silentLogger
            )
            var family: UUID?
            for try await (familyID, digest) in rows.decode((UUID, Data).self) where matches(digest) {
                family = familyID
            }
            guard let family else { return false }
            try await connection.run(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = \(family) AND revoked_at IS NULL"
            )
            return true
        }
    }

    private static func insert(
        on connection: PostgresConnection,
        tenant: UUID,
        id: UUID,
        user: UUID,
        family: UUID,
        secretDigest: Data,
        expiresAt: Date
    ) async throws {
        try await connection.run(
            """
            INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, secret_hash, expires_at)
            VALUES (\(id), \(tenant), \(user), \(family), \(secretDigest), \(expiresAt))
            """
        )
    }
}
