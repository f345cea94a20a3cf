package import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Recomputes a tenant's chain from the database and names the first bad event.
///
/// Checks, in `seq` order: the stored bytes decode as a version-1 event; they describe the
/// row they are stored in (tenant, seq, action, subject, outcome…); `seq` has no gap;
/// `prev_hash` is the previous event's hash; `hash` and `leaf` recompute; the head matches the
/// last event. Cutting the tail or rewriting it consistently needs signed checkpoints to
/// detect; those come with checkpoint signing.
package struct AuditVerifier: Sendable {
    /// What verification found.
    package enum Outcome: Sendable, Equatable {
        /// Every event checked out.
        case intact(events: UInt64)
        /// The first bad event's seq and why.
        case broken(seq: UInt64, reason: Reason)
    }

    package enum Reason: String, Sendable, Equatable {
        case undecodable = "bytes_not_canonical"
        case columnMismatch = "columns_differ_from_bytes"
        case gap = "gap"
        case previousMismatch = "prev_hash_mismatch"
        case hashMismatch = "hash_mismatch"
        case leafMismatch = "leaf_mismatch"
        case headMismatch = "head_mismatch"
    }

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Verifies `tenant`'s whole chain.
    package func verify(tenant: UUID) async throws -> Outcome {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT seq, action, resource_type, resource_id, subject_id, outcome, encoded, prev_hash, hash, leaf
                FROM audit_events ORDER BY seq
                """,
                logger: Database.silentLogger
            )
            var expectedSeq: UInt64 = 1
            var previous = AuditChain.genesis
            typealias Row = (Int64, String, String, String, String, String, Data, Data, Data, Data)
            for try await row in rows.decode(Row.self) {
                let seq = UInt64(row.0)
                guard seq == expectedSeq else { return .broken(seq: expectedSeq, reason: .gap) }
                guard let event = try? AuditEncoding.decode([UInt8](row.6)) else {
                    return .broken(seq: seq, reason: .undecodable)
                }
                guard event.tenantID == tenant, event.seq == seq, event.action == row.1, event.resourceType == row.2,
                    event.resourceID == row.3, event.subjectID == row.4, event.outcome == row.5
                else { return .broken(seq: seq, reason: .columnMismatch) }
                guard row.7 == previous else { return .broken(seq: seq, reason: .previousMismatch) }
                let hash = AuditChain.hash(previous: previous, bytes: row.6)
                guard row.8 == hash else { return .broken(seq: seq, reason: .hashMismatch) }
                guard row.9 == AuditChain.leaf(bytes: row.6) else { return .broken(seq: seq, reason: .leafMismatch) }
                previous = hash
                expectedSeq += 1
            }
            let count = expectedSeq - 1
            let head = try await connection.query(
                "SELECT seq, hash FROM audit_heads",
                logger: Database.silentLogger
            )
            for try await (headSeq, headHash) in head.decode((Int64, Data).self) {
                guard UInt64(headSeq) == count, headHash == previous else {
                    return .broken(seq: min(UInt64(max(headSeq, 0)), count) + 1, reason: .headMismatch)
                }
            }
            return .intact(events: count)
        }
    }
}
