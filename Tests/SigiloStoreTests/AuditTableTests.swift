import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// The audit tables refuse change: by permission for the application role, and by trigger
/// for everyone else, the owner included.
@Suite("Audit tables are append-only")
struct AuditTableTests {
    /// A tenant with one event (valid: the append trigger checks hashes), inserted as the owner;
    /// returns the tenant's id.
    private func seeded(_ database: TestDatabase) async throws -> UUID {
        let owner = database.pool(owner: true)
        let rows = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: """
                    WITH t AS (INSERT INTO tenants (slug, name) VALUES ('acme', 'Acme') RETURNING id),
                    e AS (
                        INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action,
                            resource_type, resource_id, subject_id, purpose, legal_basis, outcome, request_id,
                            encoded, prev_hash, hash, leaf)
                        SELECT id, 1, now(), 'user', 'u', 'contact.read', 'contact', 'c', 's', 'p', 'contract',
                            'success', 'r', '\\x01', decode(repeat('00', 32), 'hex'),
                            sha256(decode(repeat('00', 32), 'hex') || '\\x01'::bytea), sha256('\\x0001'::bytea) FROM t
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
                    "UPDATE audit_heads SET seq = 5",
                    "INSERT INTO audit_heads VALUES (sigilo_current_tenant(), 9, '\\x00')",
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

    @Test(
        "the one append path: rows that skip a seq, do not link to the head, or do not hash their bytes are refused",
        arguments: [
            ("a gap", "2", "hash", "sha256(hash || '\\x01'::bytea)", "sha256('\\x0001'::bytea)"),
            (
                "a wrong link", "1", "decode(repeat('55', 32), 'hex')",
                "sha256(decode(repeat('55', 32), 'hex') || '\\x01'::bytea)", "sha256('\\x0001'::bytea)"
            ),
            ("a made-up hash", "1", "hash", "decode(repeat('66', 32), 'hex')", "sha256('\\x0001'::bytea)"),
            ("a made-up leaf", "1", "hash", "sha256(hash || '\\x01'::bytea)", "decode(repeat('77', 32), 'hex')"),
        ]
    )
    func appendPathChecked(
        name: String,
        seqAfterHead: String,
        previous: String,
        hash: String,
        leaf: String
    ) async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await seeded(database)
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                do {
                    _ = try await app.strings(
                        unsafeSQL: """
                            SELECT sigilo_audit_append(ARRAY[tenant_id], ARRAY[seq + \(seqAfterHead)], ARRAY[0::bigint],
                                ARRAY['user'], ARRAY['u'], ARRAY['forged'], ARRAY['x'], ARRAY[''], ARRAY[''], ARRAY['p'],
                                ARRAY['contract'], ARRAY['success'], ARRAY[''], ARRAY['{}'], ARRAY['\\x01'::bytea],
                                ARRAY[\(previous)], ARRAY[\(hash)], ARRAY[\(leaf)])
                            FROM audit_heads
                            """,
                        asTenant: tenant
                    )
                    Issue.record("the append trigger accepted \(name)")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "23000", "\(name)")
                }
                let count = try await app.strings(
                    unsafeSQL: "SELECT count(*)::text FROM audit_events",
                    asTenant: tenant
                )
                #expect(count == ["1"])
            }
        }
    }

    @Test("the append function refuses another tenant's rows inside a tenant's transaction")
    func appendScoped() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await seeded(database)
            let app = database.pool()
            try await app.whileRunning { () async throws -> Void in
                do {
                    _ = try await app.strings(
                        unsafeSQL: """
                            SELECT sigilo_audit_append(ARRAY[gen_random_uuid()], ARRAY[1::bigint], ARRAY[0::bigint],
                                ARRAY['user'], ARRAY['u'], ARRAY['forged'], ARRAY['x'], ARRAY[''], ARRAY[''], ARRAY['p'],
                                ARRAY['contract'], ARRAY['success'], ARRAY[''], ARRAY['{}'], ARRAY['\\x01'::bytea],
                                ARRAY[decode(repeat('00', 32), 'hex')], ARRAY[sha256(decode(repeat('00', 32), 'hex') || '\\x01'::bytea)],
                                ARRAY[sha256('\\x0001'::bytea)])
                            """,
                        asTenant: tenant
                    )
                    Issue.record("another tenant's row was appended")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")
                }
            }
        }
    }
}
