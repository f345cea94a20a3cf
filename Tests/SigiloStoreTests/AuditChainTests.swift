import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// The audit chain in PostgreSQL: group commit under concurrency, and tampering as a database
/// superuser would do it (triggers disabled), each detected at the first bad seq.
@Suite("Audit chain in PostgreSQL")
struct AuditChainTests {
    private func verify(_ database: TestDatabase, _ tenant: UUID) async throws -> AuditVerifier.Outcome {
        let pool = database.pool()
        return try await pool.whileRunning { try await AuditVerifier(database: pool).verify(tenant: tenant).outcome }
    }

    @Test("32 concurrent appenders on one tenant, and on 3 tenants at once: no gap, no fork, chains verify")
    func concurrentAppends() async throws {
        try await TestDatabase.withMigrated { database in
            let ids = try await AuditSupport.tenants(database, ["acme", "globex", "initech"])
            try await AuditSupport.appendConcurrently(database, tenants: [ids[0]], writers: 32, count: 320)
            #expect(try await verify(database, ids[0]) == .intact(events: 320))
            try await AuditSupport.appendConcurrently(database, tenants: ids, writers: 32, count: 96)
            #expect(try await verify(database, ids[0]) == .intact(events: 416))
            #expect(try await verify(database, ids[1]) == .intact(events: 96))
            #expect(try await verify(database, ids[2]) == .intact(events: 96))
        }
    }

    @Test(
        "tampering as a superuser is detected at the first bad seq",
        arguments: [
            (
                "edit a column", "UPDATE audit_events SET action = 'contact.delete' WHERE seq = 7", 7,
                "columns_differ_from_bytes"
            ),
            (
                "edit the bytes", "UPDATE audit_events SET encoded = encoded || '\\x00'::bytea WHERE seq = 5", 5,
                "bytes_not_canonical"
            ),
            ("delete a row", "DELETE FROM audit_events WHERE seq = 4", 4, "gap"),
            (
                "swap two rows",
                "UPDATE audit_events SET seq = 1000 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = 1000",
                3, "columns_differ_from_bytes"
            ),
            (
                "re-hash one row",
                "UPDATE audit_events SET hash = sha256(prev_hash || encoded || '\\x01'::bytea) WHERE seq = 8", 8,
                "hash_mismatch"
            ),
            ("cut the tail", "DELETE FROM audit_events WHERE seq > 9", 10, "truncated_tail"),
            (
                "a row beyond the head",
                "INSERT INTO audit_events SELECT tenant_id, 13, occurred_at, actor_kind, actor_id, action, resource_type, resource_id, subject_id, purpose, legal_basis, outcome, request_id, details, encoded, prev_hash, hash, leaf FROM audit_events WHERE seq = 12",
                13, "head_mismatch"
            ),
        ]
    )
    func tamperingDetected(name: String, sql: String, seq: UInt64, reason: String) async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 4, count: 12)
            #expect(try await verify(database, tenant) == .intact(events: 12))
            try await AuditSupport.tamper(database, sql)
            let outcome = try await verify(database, tenant)
            #expect(outcome == .broken(seq: seq, reason: AuditVerifier.Reason(rawValue: reason)!), "\(name)")
        }
    }

    @Test("a data change and its audit event commit together, or neither does")
    func sameTransaction() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
            let pool = database.pool()
            try await pool.whileRunning { () async throws -> Void in
                let receipts = try await pool.auditedRename(
                    tenant: tenant,
                    to: "Acme Ltda",
                    draft: AuditSupport.draft(tenant, 0)
                )
                #expect(receipts.map(\.seq) == [1])
                do {
                    _ = try await pool.auditedRename(tenant: tenant, to: "", draft: AuditSupport.draft(tenant, 1))
                    Issue.record("an invalid change committed")
                } catch {}
                let names = try await pool.strings(unsafeSQL: "SELECT name FROM tenants", asTenant: tenant)
                #expect(names == ["Acme Ltda"])
                let count = try await pool.strings(
                    unsafeSQL: "SELECT count(*)::text FROM audit_events",
                    asTenant: tenant
                )
                #expect(count == ["1"])
            }
            #expect(try await verify(database, tenant) == .intact(events: 1))
        }
    }

    @Test("the appender recovers when another writer moved a head it had cached")
    func staleHeadRetried() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
            let pool = database.pool(maximumConnections: 4)
            let appender = AuditAppender(database: pool)
            try await pool.whileRunning {
                try await withThrowingTaskGroup(of: Void.self) { service in
                    service.addTask { try await appender.run() }
                    for index in 0..<3 { _ = try await appender.append(AuditSupport.draft(tenant, index)) }
                    // A data change appends its own event in its transaction: the cached head is stale.
                    _ = try await pool.auditedRename(
                        tenant: tenant,
                        to: "Acme SA",
                        draft: AuditSupport.draft(tenant, 99)
                    )
                    let receipt = try await appender.append(AuditSupport.draft(tenant, 3))
                    #expect(receipt.seq == 5)
                    service.cancelAll()
                }
            }
            #expect(try await verify(database, tenant) == .intact(events: 5))
        }
    }
}
