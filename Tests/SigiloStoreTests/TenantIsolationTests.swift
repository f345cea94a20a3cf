import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// Row-level security as PostgreSQL enforces it for the application role, with queries that
/// deliberately omit any tenant filter (the bug RLS exists to contain).
@Suite("Tenant isolation in PostgreSQL")
struct TenantIsolationTests {
    /// Creates two tenants as the owner (the operator's role) and returns their ids.
    private func twoTenants(_ database: TestDatabase) async throws -> (UUID, UUID) {
        let owner = database.pool(owner: true)
        let ids = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: """
                    INSERT INTO tenants (slug, name) VALUES ('acme', 'Same Name Ltda'), ('globex', 'Same Name Ltda')
                    RETURNING id::text
                    """
            )
        }
        return (try #require(UUID(uuidString: ids[0])), try #require(UUID(uuidString: ids[1])))
    }

    @Test("a query without a tenant filter sees only the current tenant's rows")
    func unfilteredQuerySeesOwnRows() async throws {
        try await TestDatabase.withMigrated { database in
            let (acme, globex) = try await twoTenants(database)
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                #expect(try await app.strings(unsafeSQL: "SELECT slug FROM tenants", asTenant: acme) == ["acme"])
                #expect(try await app.strings(unsafeSQL: "SELECT slug FROM tenants", asTenant: globex) == ["globex"])
                let other = try await app.strings(
                    unsafeSQL: "SELECT count(*)::text FROM tenants WHERE id = '\(globex.uuidString.lowercased())'",
                    asTenant: acme
                )
                #expect(other == ["0"])
            }
        }
    }

    @Test("with no tenant set, the application role sees nothing")
    func noTenantNoRows() async throws {
        try await TestDatabase.withMigrated { database in
            _ = try await twoTenants(database)
            let app = database.pool()
            let rows = try await app.whileRunning { try await app.strings(unsafeSQL: "SELECT slug FROM tenants") }
            #expect(rows.isEmpty)
        }
    }

    @Test("the application role cannot switch row-level security off, nor write another tenant's row")
    func cannotBypass() async throws {
        try await TestDatabase.withMigrated { database in
            let (acme, globex) = try await twoTenants(database)
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                do {
                    // In one transaction: row_security = off makes PostgreSQL
                    // refuse a query that a policy would filter, rather than skip the policy.
                    _ = try await app.strings(
                        unsafeSQL: "SET LOCAL row_security = off; SELECT slug FROM tenants",
                        asTenant: acme
                    )
                    Issue.record("a query ran with row security off")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")
                }
                let renamed = try await app.strings(
                    unsafeSQL:
                        "UPDATE tenants SET name = 'hijacked' WHERE id = '\(globex.uuidString.lowercased())' RETURNING id::text",
                    asTenant: acme
                )
                #expect(renamed.isEmpty)
                do {
                    _ = try await app.strings(
                        unsafeSQL: "INSERT INTO tenants (slug, name) VALUES ('evil', 'x')",
                        asTenant: acme
                    )
                    Issue.record("the application role created a tenant")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")
                }
            }
            let owner = database.pool(owner: true)
            let names = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "SELECT name FROM tenants ORDER BY slug")
            }
            #expect(names == ["Same Name Ltda", "Same Name Ltda"])
        }
    }
}
