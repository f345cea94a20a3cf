import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Appends events to a tenant's chain inside a transaction that already has the tenant set.
///
/// The head row is locked first (`SELECT … FOR UPDATE`), so appends to one tenant serialise
/// and each sees the previous hash; the primary key (tenant, seq) makes a race that slipped
/// through fail loudly instead of forking the chain.
enum AuditLedger {
    static func append(
        _ drafts: [AuditDraft],
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws -> [AuditReceipt] {
        _ = try await connection.query(
            """
            INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (\(tenant), 0, \(AuditChain.genesis))
            ON CONFLICT (tenant_id) DO NOTHING
            """,
            logger: Database.silentLogger
        )
        let head = try await connection.query(
            "SELECT seq, hash FROM audit_heads WHERE tenant_id = \(tenant) FOR UPDATE",
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
            let details = String(decoding: try JSONEncoder().encode(draft.details), as: UTF8.self)
            let occurredAt = Date(timeIntervalSince1970: Double(event.occurredAtMicros) / 1_000_000)
            let first = bindings.count + 1
            bindings.append(tenant)
            bindings.append(seq)
            bindings.append(occurredAt)
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
            let placeholders = (first..<(first + 18)).map { $0 == first + 13 ? "$\($0)::jsonb" : "$\($0)" }
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
        _ = try await connection.query(
            "UPDATE audit_heads SET seq = \(seq), hash = \(previous), updated_at = now() WHERE tenant_id = \(tenant)",
            logger: Database.silentLogger
        )
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
