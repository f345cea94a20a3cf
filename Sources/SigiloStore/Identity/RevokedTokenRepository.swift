package import Foundation
import PostgresNIO

/// Access tokens revoked before they expire (logout). Checked on every authenticated request:
/// a primary-key lookup inside the request's tenant scope.
package struct RevokedTokenRepository: Sendable {
    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Revokes the access token `jti` until `expiresAt`; revoking twice is harmless.
    package func revoke(tenant: UUID, jti: UUID, expiresAt: Date) async throws {
        try await database.withTenant(tenant) { connection in
            _ = try await connection.query(
                """
                INSERT INTO revoked_access_tokens (jti, tenant_id, expires_at)
                VALUES (\(jti), \(tenant), \(expiresAt)) ON CONFLICT (jti) DO NOTHING
                """,
                logger: Database.silentLogger
            )
        }
    }

    /// Whether `jti` was revoked.
    package func isRevoked(tenant: UUID, jti: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT EXISTS (SELECT FROM revoked_access_tokens WHERE jti = \(jti))",
                logger: Database.silentLogger
            )
            for try await revoked in rows.decode(Bool.self) { return revoked }
            return false
        }
    }
}
