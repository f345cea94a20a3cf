import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// The audit tables refuse change: by permission for the application role, and by trigger
/// for everyone else, the owner included.
@Suite("Audit tables are append-only")
struct AuditTableTests {
    /// A tenant with a head and one event, inserted as the owner; returns the tenant's id.
    private func seeded(_ database: TestDatabase) async throws -> UUID {
        let owner = database.pool(owner: true)
        let rows = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: """
                    WITH t AS (INSERT INTO tenants (slug, name) VALUES ('acme', 'Acme') RETURNING id),
                    h AS (INSERT INTO audit_heads (tenant_id, seq, hash) SELECT id, 1, decode(repeat('11', 32), 'hex') FROM t),
                    e AS (
                        INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action,
                            resource_type, resource_id, subject_id, purpose, legal_basis, outcome, request_id,
                            encoded, prev_hash, hash, leaf)
                        SELECT id, 1, now(), 'user', 'u', 'contact.read', 'contact', 'c', 's', 'p', 'contract',
                            'success', 'r', '\\x01', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'),
                            decode(repeat('22', 32), 'hex') FROM t
                    )
                    SELECT id::text FROM t
                    """
            )
        }
        return try #require(UUID(uuidString: rows[0]))
    }

    @Test("the application role gets a permission error for UPDATE, DELETE and TRUNCATE of events")
    func applicationRoleCannotChange() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await seeded(database)
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                #expect(
                    try await app.strings(unsafeSQL: "SELECT count(*)::text FROM audit_events", asTenant: tenant) == [
                        "1"
                    ]
                )
                for statement in [
                    "UPDATE audit_events SET outcome = 'denied'", "DELETE FROM audit_events", "TRUNCATE audit_events",
                    "UPDATE audit_checkpoints SET key_id = 'x'", "DELETE FROM audit_heads",
                ] {
                    do {
                        _ = try await app.strings(unsafeSQL: statement, asTenant: tenant)
                        Issue.record("the application role ran: \(statement)")
                    } catch {
                        #expect(StoreError.sqlState(of: error) == "42501", "\(statement)")
                    }
                }
            }
        }
    }

    @Test("even the owner is refused by the triggers; a head only moves forward; seq is unique")
    func triggersHoldForOwner() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await seeded(database)
            let owner = database.pool(owner: true)
            try await owner.whileRunning { () async throws -> Void in
                for statement in [
                    "UPDATE audit_events SET outcome = 'denied'", "DELETE FROM audit_events", "TRUNCATE audit_events",
                    "UPDATE audit_heads SET seq = 0", "DELETE FROM audit_heads",
                ] {
                    do {
                        _ = try await owner.strings(unsafeSQL: statement)
                        Issue.record("the owner ran: \(statement)")
                    } catch {
                        #expect(StoreError.sqlState(of: error) == "42501", "\(statement)")
                    }
                }
                #expect(
                    try await owner.strings(unsafeSQL: "UPDATE audit_heads SET seq = 2 RETURNING seq::text") == ["2"]
                )
                do {
                    _ = try await owner.strings(
                        unsafeSQL: """
                            INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action,
                                resource_type, resource_id, subject_id, purpose, legal_basis, outcome, request_id,
                                encoded, prev_hash, hash, leaf)
                            VALUES ('\(tenant.uuidString.lowercased())', 1, now(), 'user', 'u', 'forged', 'x', '', '',
                                'p', 'contract', 'success', '', '\\x01', decode(repeat('00', 32), 'hex'),
                                decode(repeat('33', 32), 'hex'), decode(repeat('44', 32), 'hex'))
                            """
                    )
                    Issue.record("a second event 1 was accepted (a fork)")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "23505")
                }
            }
        }
    }
}
