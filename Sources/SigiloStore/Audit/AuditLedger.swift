import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Appends events to a tenant's chain inside a transaction that already has the tenant set:
/// the path for a data change and its events committing together.
///
/// The head is locked first (`sigilo_audit_lock_head`, a `SELECT … FOR UPDATE`), so appends
/// to one tenant serialise and each sees the previous hash; the rows then go through
/// `sigilo_audit_append`, whose trigger checks that they continue the chain and hash their
/// bytes (migration 0005). The group-commit path is ``AuditAppender``.
enum AuditLedger {
    static func append(
        _ drafts: [AuditDraft],
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws -> [AuditReceipt] {
        guard !drafts.isEmpty else { return [] }
        let locked = try await connection.query(
            "SELECT seq, hash FROM sigilo_audit_lock_head(\(tenant))",
            logger: Database.silentLogger
        )
        var head = AuditHead.empty
        for try await (seq, hash) in locked.decode((Int64, Data).self) {
            head = AuditHead(seq: UInt64(seq), hash: hash)
        }
        var rows = AuditRows()
        let (receipts, _) = try rows.append(drafts, tenant: tenant, after: head)
        try await connection.run(rows.query)
        return receipts
    }
}

extension Database {
    /// Runs `body` in `tenant`'s transaction and appends `drafts` to its audit chain in the same
    /// transaction: the data change and its events commit together or not at all. Repositories
    /// that change personal data use it (internal: SQL stays in SigiloStore).
    func withAudited<Result: Sendable>(
        tenant: UUID,
        _ drafts: [AuditDraft],
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> (Result, [AuditReceipt]) {
        try await withTenant(tenant) { connection in
            let result = try await body(connection)
            let receipts = try await AuditLedger.append(drafts, tenant: tenant, on: connection)
            return (result, receipts)
        }
    }
}
