import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// The audit chain in PostgreSQL: group commit under concurrency, and tampering as a database
/// superuser would do it (triggers disabled), each detected at the first bad seq.
@Suite("Audit chain in PostgreSQL")
struct AuditChainTests {
    private func tenants(_ database: TestDatabase, _ slugs: [String]) async throws -> [UUID] {
        let owner = database.pool(owner: true)
        let values = slugs.map { "('\($0)', '\($0)')" }.joined(separator: ", ")
        let ids = try await owner.whileRunning {
            try await owner.strings(unsafeSQL: "INSERT INTO tenants (slug, name) VALUES \(values) RETURNING id::text")
        }
        return ids.compactMap(UUID.init(uuidString:))
    }

    private func draft(_ tenant: UUID, _ index: Int) -> AuditDraft {
        AuditDraft(
            tenantID: tenant,
            actorKind: "user",
            actorID: "user-\(index % 5)",
            action: index % 2 == 0 ? "contact.read" : "contact.update",
            resourceType: "contact",
            resourceID: "contact-\(index)",
            subjectID: "subject-\(index % 7)",
            purpose: "customer_service",
            legalBasis: "contract",
            requestID: "request-\(index)",
            details: ["index": "\(index)"]
        )
    }

    /// Appends `count` events per tenant from `writers` concurrent tasks through one appender.
    private func appendConcurrently(_ database: TestDatabase, tenants: [UUID], writers: Int, count: Int) async throws {
        let pool = database.pool(maximumConnections: 8)
        let appender = AuditAppender(database: pool)
        try await pool.whileRunning {
            try await withThrowingTaskGroup(of: Void.self) { service in
                service.addTask { try await appender.run() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<writers {
                        group.addTask {
                            for index in stride(from: writer, to: count, by: writers) {
                                for tenant in tenants {
                                    let receipt = try await appender.append(self.draft(tenant, index))
                                    #expect(receipt.seq >= 1 && receipt.hash.count == 32)
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                service.cancelAll()
            }
        }
    }

    private func verify(_ database: TestDatabase, _ tenant: UUID) async throws -> AuditVerifier.Outcome {
        let pool = database.pool()
        return try await pool.whileRunning { try await AuditVerifier(database: pool).verify(tenant: tenant) }
    }

    /// Runs `sql` (statements separated by `;`) as the owner with the append-only triggers
    /// disabled, as a superuser could.
    private func tamper(_ database: TestDatabase, _ sql: String) async throws {
        let owner = database.pool(owner: true, maximumConnections: 1)
        _ = try await owner.whileRunning {
            _ = try await owner.strings(unsafeSQL: "ALTER TABLE audit_events DISABLE TRIGGER USER")
            for statement in sql.split(separator: ";") { _ = try await owner.strings(unsafeSQL: String(statement)) }
            return try await owner.strings(unsafeSQL: "ALTER TABLE audit_events ENABLE TRIGGER USER")
        }
    }

    @Test("32 concurrent appenders on one tenant, and on 3 tenants at once: no gap, no fork, chains verify")
    func concurrentAppends() async throws {
        try await TestDatabase.withMigrated { database in
            let ids = try await tenants(database, ["acme", "globex", "initech"])
            try await appendConcurrently(database, tenants: [ids[0]], writers: 32, count: 320)
            #expect(try await verify(database, ids[0]) == .intact(events: 320))
            try await appendConcurrently(database, tenants: ids, writers: 32, count: 96)
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
            ("cut the tail", "DELETE FROM audit_events WHERE seq > 9", 10, "head_mismatch"),
        ]
    )
    func tamperingDetected(name: String, sql: String, seq: UInt64, reason: String) async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await tenants(database, ["acme"])[0]
            try await appendConcurrently(database, tenants: [tenant], writers: 4, count: 12)
            #expect(try await verify(database, tenant) == .intact(events: 12))
            try await tamper(database, sql)
            let outcome = try await verify(database, tenant)
            #expect(outcome == .broken(seq: seq, reason: AuditVerifier.Reason(rawValue: reason)!), "\(name)")
        }
    }

    @Test("a data change and its audit event commit together, or neither does")
    func sameTransaction() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await tenants(database, ["acme"])[0]
            let pool = database.pool()
            try await pool.whileRunning { () async throws -> Void in
                let receipts = try await pool.auditedRename(tenant: tenant, to: "Acme Ltda", draft: draft(tenant, 0))
                #expect(receipts.map(\.seq) == [1])
                do {
                    _ = try await pool.auditedRename(tenant: tenant, to: "", draft: draft(tenant, 1))
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
}
