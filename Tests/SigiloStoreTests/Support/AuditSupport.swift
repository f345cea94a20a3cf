import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// Tenants, events and tampering for the audit tests.
enum AuditSupport {
    static func tenants(_ database: TestDatabase, _ slugs: [String]) async throws -> [UUID] {
        let owner = database.pool(owner: true)
        let values = slugs.map { "('\($0)', '\($0)')" }.joined(separator: ", ")
        let ids = try await owner.whileRunning {
            try await owner.strings(unsafeSQL: "INSERT INTO tenants (slug, name) VALUES \(values) RETURNING id::text")
        }
        return ids.compactMap(UUID.init(uuidString:))
    }

    static func draft(_ tenant: UUID, _ index: Int) -> AuditDraft {
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
    static func appendConcurrently(_ database: TestDatabase, tenants: [UUID], writers: Int, count: Int) async throws {
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
                                    let receipt = try await appender.append(draft(tenant, index))
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

    static let tables = ["audit_events", "audit_heads", "audit_checkpoints"]

    /// Runs `sql` (statements separated by `;`) as the owner with the audit tables' triggers
    /// disabled, as a superuser could.
    static func tamper(_ database: TestDatabase, _ sql: String) async throws {
        let owner = database.pool(owner: true, maximumConnections: 1)
        _ = try await owner.whileRunning {
            for table in tables { _ = try await owner.strings(unsafeSQL: "ALTER TABLE \(table) DISABLE TRIGGER USER") }
            for statement in sql.split(separator: ";") { _ = try await owner.strings(unsafeSQL: String(statement)) }
            for table in tables { _ = try await owner.strings(unsafeSQL: "ALTER TABLE \(table) ENABLE TRIGGER USER") }
            return [String]()
        }
    }
}
