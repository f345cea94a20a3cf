package import Foundation
import PostgresNIO

/// OAuth2 clients of a tenant (a host CRM), their scopes and hashed secrets.
package struct OAuthClientRepository: Sendable {
    /// A client as stored; the secret only as its SHA-256 digest.
    package struct Client: Sendable, Equatable {
        package let id: UUID
        package let tenantID: UUID
        package let name: String
        package let secretDigest: Data
        package let scopes: [String]
        package let createdAt: Date
        package let revokedAt: Date?
    }

    private let database: Database
    private static let columns = "id, tenant_id, name, secret_hash, scopes, created_at, revoked_at"

    package init(database: Database) {
        self.database = database
    }

    /// Registers a client.
    package func create(
        tenant: UUID,
        name: String,
        secretDigest: Data,
        scopes: [String],
        createdBy: UUID?
    ) async throws -> Client {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO oauth_clients (tenant_id, name, secret_hash, scopes, created_by)
                VALUES (\(tenant), \(name), \(secretDigest), \(scopes), \(createdBy))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            return try await Self.first(rows) ?? { throw StoreError(.notFound) }()
        }
    }

    /// The tenant a client belongs to, before it is authenticated; `nil` when unknown.
    package func tenant(ofClient id: UUID) async throws -> UUID? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_oauth_client_tenant(\(id))",
                logger: Database.silentLogger
            )
            for try await tenant in rows.decode(UUID?.self) { return tenant }
            return nil
        }
    }

    /// Client `id` of `tenant`, revoked or not.
    package func find(tenant: UUID, id: UUID) async throws -> Client? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM oauth_clients WHERE id = \(id)",
                logger: Database.silentLogger
            )
            return try await Self.first(rows)
        }
    }

    /// Every client of `tenant`, oldest first.
    package func list(tenant: UUID) async throws -> [Client] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM oauth_clients ORDER BY created_at, id",
                logger: Database.silentLogger
            )
            var clients: [Client] = []
            for try await row in rows.decode(Row.self) { clients.append(Self.client(row)) }
            return clients
        }
    }

    /// Revokes client `id`; its secret stops working at once.
    /// - Returns: The client, or `nil` when `tenant` has no such client.
    package func revoke(tenant: UUID, id: UUID) async throws -> Client? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE oauth_clients SET revoked_at = COALESCE(revoked_at, now()) WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            return try await Self.first(rows)
        }
    }

    private typealias Row = (UUID, UUID, String, Data, [String], Date, Date?)

    private static func first(_ rows: PostgresRowSequence) async throws -> Client? {
        for try await row in rows.decode(Row.self) { return client(row) }
        return nil
    }

    private static func client(_ row: Row) -> Client {
        Client(
            id: row.0,
            tenantID: row.1,
            name: row.2,
            secretDigest: row.3,
            scopes: row.4,
            createdAt: row.5,
            revokedAt: row.6
        )
    }
}
