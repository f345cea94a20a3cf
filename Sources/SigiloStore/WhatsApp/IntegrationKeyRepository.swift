import Crypto
package import Foundation
import PostgresNIO

/// Keys other systems present to report attendance events. Only a SHA-256 digest is stored:
/// the key itself is shown once, at creation.
package struct IntegrationKeyRepository: Sendable {
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// A key as listed (never the key itself).
    package struct Key: Sendable, Equatable {
        package var id: UUID
        package var name: String
        package var scopes: [String]
        package var createdAt: Date
        package var revokedAt: Date?
    }

    /// What a presented key proves.
    package struct Holder: Sendable, Equatable {
        package var id: UUID
        package var tenant: UUID
        package var scopes: [String]
    }

    /// The prefix of every key, so logs scrubbers and people recognise one.
    package static let prefix = "sgk_"

    /// Creates a key; returns it with the one copy of its secret text.
    package func create(tenant: UUID, name: String, scopes: [String], createdBy: UUID?) async throws -> (Key, String) {
        let id = UUID()
        let secret = Self.prefix + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }).base64URL
        return try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO integration_keys (id, tenant_id, name, key_digest, scopes, created_by)
                VALUES (\(id), \(tenant), \(name), \(Self.digest(secret)), \(scopes), \(createdBy)::uuid)
                RETURNING created_at
                """,
                logger: Database.silentLogger
            )
            var created = Date()
            for try await value in rows.decode(Date.self) { created = value }
            return (Key(id: id, name: name, scopes: scopes, createdAt: created, revokedAt: nil), secret)
        }
    }

    /// The tenant's keys, newest first.
    package func list(tenant: UUID) async throws -> [Key] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT id, name, scopes, created_at, revoked_at FROM integration_keys ORDER BY created_at DESC, id",
                logger: Database.silentLogger
            )
            var keys: [Key] = []
            for try await (id, name, scopes, created, revoked) in rows.decode(
                (UUID, String, [String], Date, Date?).self
            ) {
                keys.append(Key(id: id, name: name, scopes: scopes, createdAt: created, revokedAt: revoked))
            }
            return keys
        }
    }

    /// Revokes a key. - Returns: false when the tenant has no such live key.
    package func revoke(tenant: UUID, id: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "UPDATE integration_keys SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
                logger: Database.silentLogger
            )
            var found = false
            for try await _ in rows { found = true }
            return found
        }
    }

    /// Who holds `secret`, or nil for an unknown or revoked key. The lookup is by digest, so
    /// the comparison never touches the key's bytes.
    package func holder(of secret: String) async throws -> Holder? {
        guard secret.hasPrefix(Self.prefix), secret.utf8.count <= 100 else { return nil }
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT id, tenant_id, scopes FROM sigilo_integration_key(\(Self.digest(secret)))",
                logger: Database.silentLogger
            )
            for try await (id, tenant, scopes) in rows.decode((UUID, UUID, [String]).self) {
                return Holder(id: id, tenant: tenant, scopes: scopes)
            }
            return nil
        }
    }

    private static func digest(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5).
    fileprivate var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
