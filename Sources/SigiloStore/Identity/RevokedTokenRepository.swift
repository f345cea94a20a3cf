package import Foundation
import PostgresNIO

/// Access tokens revoked before they expire (logout), and the current state of a token's
/// subject. Checked on every authenticated request: primary-key lookups inside the request's
/// tenant scope.
package struct RevokedTokenRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Revokes the access token `jti` until `expiresAt`; revoking twice is harmless.
    package func revoke(tenant: UUID, jti: UUID, expiresAt: Date) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                """
                INSERT INTO revoked_access_tokens (jti, tenant_id, expires_at)
                VALUES (\(jti), \(tenant), \(expiresAt)) ON CONFLICT (jti) DO NOTHING
                """
            )
        }
    }

    /// What the bearer of access token `jti` may use now: the user's current roles, or the
    /// client's current scopes; `nil` when the token was revoked (logout), the user disabled or
    /// the client revoked. One query per request, so such changes take effect at once rather
    /// than when the token expires.
    package func currentGrants(tenant: UUID, jti: UUID, subject: UUID, isClient: Bool) async throws -> [String]? {
        // One round trip: the function sets the tenant for its own statement (migration 0006).
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_current_grants(\(tenant), \(jti), \(subject), \(isClient))",
                logger: Database.silentLogger
            )
            var grants: [String]?
            for try await value in rows.decode([String]?.self) { grants = value }
            return grants
        }
    }

}
