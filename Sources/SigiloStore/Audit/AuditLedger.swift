import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Appends events to a tenant's chain inside a transaction that already has the tenant set.
///
/// The head row is locked first (`sigilo_audit_lock_head`, a `SELECT … FOR UPDATE`), so
/// appends to one tenant serialise and each sees the previous hash. The INSERT is the one
/// append path: a trigger (migration 0005) checks that the rows continue the chain and hash
/// their bytes, then moves the head; the primary key (tenant, seq) makes a race fail loudly
/// instead of forking the chain.
enum AuditLedger {
    static func append(
        _ drafts: [AuditDraft],
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws -> [AuditReceipt] {
        let head = try await connection.query(
            "SELECT seq, hash FROM sigilo_audit_lock_head(\(tenant))",
            logger: Database.silentLogger
        )
        var seq: Int64 = 0
        var previous = AuditChain.genesis
        for try await (headSeq, headHash) in head.decode((Int64, Data).self) {
            seq = headSeq
            previous = headHash
        }
        var receipts: [AuditReceipt] = []
        // One multi-row INSERT per batch: a round trip per event would cap group commit at the
        // latency of PostgreSQL, not its throughput.
        var bindings = PostgresBindings(capacity: drafts.count * 18)
        var rows: [String] = []
        for draft in drafts {
            seq += 1
            let event = draft.event(seq: UInt64(seq))
            let sealed = try AuditChain.seal(event, previous: previous)
            let details = JSONText.object(draft.details)
            let first = bindings.count + 1
            bindings.append(tenant)
            bindings.append(seq)
            bindings.append(event.occurredAtMicros)
            for text in [
                event.actorKind, event.actorID, event.action, event.resourceType, event.resourceID, event.subjectID,
                event.purpose, event.legalBasis, event.outcome, event.requestID, details,
            ] {
                bindings.append(text)
            }
            try bindings.append(Data(sealed.bytes))
            try bindings.append(previous)
            try bindings.append(sealed.hash)
            try bindings.append(sealed.leaf)
            // The time goes as integer microseconds, so the column holds exactly what was hashed.
            let placeholders = (first..<(first + 18)).map { index in
                switch index - first {
                case 2: "timestamptz 'epoch' + $\(index)::bigint * interval '1 microsecond'"
                case 13: "$\(index)::jsonb"
                default: "$\(index)"
                }
            }
            rows.append("(" + placeholders.joined(separator: ", ") + ")")
            receipts.append(AuditReceipt(seq: UInt64(seq), hash: sealed.hash))
            previous = sealed.hash
        }
        if !rows.isEmpty {
            let sql = """
                INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action, resource_type,
                    resource_id, subject_id, purpose, legal_basis, outcome, request_id, details, encoded,
                    prev_hash, hash, leaf)
                VALUES
                """ + rows.joined(separator: ",\n")
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings),
                logger: Database.silentLogger
            )
        }
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
