package import Foundation
import PostgresNIO

/// The tenants table: created by the operator (owner role), read by the application.
package struct TenantRepository: Sendable {
    /// A tenant as the API shows it.
    package struct Tenant: Sendable, Equatable {
        package let id: UUID
        package let slug: String
        package let name: String
        package let createdAt: Date
    }

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Creates a tenant. Needs the owner role: the application role may not insert tenants.
    /// - Throws: ``StoreError`` `conflict` when the slug is taken.
    package func create(slug: String, name: String) async throws -> Tenant {
        try await StoreError.mappingConstraints {
            try await database.withConnection { connection in
                let rows = try await connection.query(
                    "INSERT INTO tenants (slug, name) VALUES (\(slug), \(name)) RETURNING id, created_at",
                    logger: Database.silentLogger
                )
                for try await (id, createdAt) in rows.decode((UUID, Date).self) {
                    return Tenant(id: id, slug: slug, name: name, createdAt: createdAt)
                }
                throw StoreError(.notFound)
            }
        }
    }

    /// The id of the tenant named `slug`, or `nil`. Works before authentication (through the
    /// `sigilo_tenant_id` function), revealing nothing else.
    package func id(forSlug slug: String) async throws -> UUID? {
        try await database.withConnection { connection in
            let rows = try await connection.query("SELECT sigilo_tenant_id(\(slug))", logger: Database.silentLogger)
            for try await id in rows.decode(UUID?.self) { return id }
            return nil
        }
    }

    /// The current tenant's own row (row-level security shows no other).
    package func find(_ tenant: UUID) async throws -> Tenant? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT id, slug, name, created_at FROM tenants",
                logger: Database.silentLogger
            )
            for try await (id, slug, name, createdAt) in rows.decode((UUID, String, String, Date).self) {
                return Tenant(id: id, slug: slug, name: name, createdAt: createdAt)
            }
            return nil
        }
    }

    /// Every tenant's slug, in order. Only a pool of the owner role sees them all; the
    /// application role's row-level security shows none outside a tenant's transaction.
    package func allSlugs() async throws -> [String] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT slug FROM tenants ORDER BY slug",
                logger: Database.silentLogger
            )
            var slugs: [String] = []
            for try await slug in rows.decode(String.self) { slugs.append(slug) }
            return slugs
        }
    }
}
