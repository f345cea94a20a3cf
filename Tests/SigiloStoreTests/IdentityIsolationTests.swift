import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// Row-level security on the identity tables (users, refresh tokens, OAuth clients, revoked
/// tokens), and a guard that every future tenant table gets it too.
@Suite("Tenant isolation of identity tables")
struct IdentityIsolationTests {
    @Test("every table with a tenant_id column has row-level security and a policy; the app role owns nothing")
    func everyTenantTableHasPolicy() async throws {
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true)
            let unprotected = try await owner.whileRunning {
                try await owner.strings(
                    unsafeSQL: """
                        SELECT c.relname FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                        WHERE c.relkind IN ('r', 'p')
                          AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
                          AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid))
                        UNION ALL
                        SELECT c.relname FROM pg_class c WHERE pg_get_userbyid(c.relowner) = 'sigilo_app'
                        """
                )
            }
            #expect(unprotected == [])
        }
    }

    @Test("two tenants with identical identity rows: an unfiltered query sees only its own")
    func identicalRowsStaySeparate() async throws {
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true)
            let tenants = try await owner.whileRunning {
                try await owner.strings(
                    unsafeSQL: """
                        WITH t AS (INSERT INTO tenants (slug, name) VALUES ('acme', 'Same'), ('globex', 'Same') RETURNING id),
                        u AS (
                            INSERT INTO users (tenant_id, email_lookup, email_sealed, roles, password_hash)
                            SELECT id, decode(repeat('ab', 32), 'hex'), '\\x01', '{admin}', '$argon2id$same' FROM t
                            RETURNING id, tenant_id
                        ),
                        c AS (
                            INSERT INTO oauth_clients (tenant_id, name, secret_hash, scopes)
                            SELECT id, 'Same CRM', decode(repeat('cd', 32), 'hex'), '{contacts:read}' FROM t
                        ),
                        r AS (
                            INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, secret_hash, expires_at)
                            SELECT gen_random_uuid(), tenant_id, id, gen_random_uuid(), decode(repeat('ef', 32), 'hex'),
                                   now() + interval '1 day' FROM u
                        )
                        SELECT id::text FROM t
                        """
                )
            }
            let acme = try #require(UUID(uuidString: tenants[0]))
            let globex = try #require(UUID(uuidString: tenants[1]))
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                for table in ["users", "oauth_clients", "refresh_tokens"] {
                    for tenant in [acme, globex] {
                        let seen = try await app.strings(
                            unsafeSQL: "SELECT tenant_id::text FROM \(table)",
                            asTenant: tenant
                        )
                        #expect(seen == [tenant.uuidString.lowercased()], "\(table)")
                    }
                    #expect(try await app.strings(unsafeSQL: "SELECT count(*)::text FROM \(table)") == ["0"])
                }
                do {
                    _ = try await app.strings(
                        unsafeSQL: """
                            INSERT INTO users (tenant_id, email_lookup, email_sealed, roles, password_hash)
                            VALUES ('\(globex.uuidString.lowercased())', decode(repeat('aa', 32), 'hex'), '\\x01',
                                    '{admin}', '$argon2id$planted')
                            """,
                        asTenant: acme
                    )
                    Issue.record("acme's scope planted a user in globex")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")
                }
            }
        }
    }

    @Test("before authentication only a tenant's id (by slug) and a client's tenant can be learned")
    func preAuthenticationFunctions() async throws {
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true)
            _ = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "INSERT INTO tenants (slug, name) VALUES ('acme', 'Acme')")
            }
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                let id = try await app.strings(unsafeSQL: "SELECT sigilo_tenant_id('acme')::text")
                #expect(id.count == 1 && UUID(uuidString: id[0]) != nil)
                #expect(try await app.strings(unsafeSQL: "SELECT count(*)::text FROM tenants") == ["0"])
                #expect(try await app.strings(unsafeSQL: "SELECT count(*)::text FROM users") == ["0"])
                do {
                    _ = try await app.strings(unsafeSQL: "DELETE FROM users")
                    Issue.record("the application role may delete users")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")
                }
            }
        }
    }
}
