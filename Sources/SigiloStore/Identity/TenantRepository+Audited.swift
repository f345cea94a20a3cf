package import Foundation
import PostgresNIO

extension Database {
    /// Renames the current tenant with its audit event in the same transaction (used by tests of
    /// the write path; the tenant-settings API will use it).
    /// - Throws: a database error when the name breaks its constraint; then nothing commits.
    package func auditedRename(tenant: UUID, to name: String, draft: AuditDraft) async throws -> [AuditReceipt] {
        let (_, receipts) = try await withAudited(tenant: tenant, [draft]) { connection in
            try await connection.run("UPDATE tenants SET name = \(name)")
        }
        return receipts
    }
}
