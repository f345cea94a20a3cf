package import Foundation
import PostgresNIO
package import SigiloCrypto

/// Recomputes a tenant's chain from the database and names the first bad event.
///
/// In `seq` order, each event's stored bytes must have the version-1 layout and agree with the
/// columns that select rows (tenant, seq, time, actor, action, subject: see
/// ``AuditEventChunks``), follow the previous event without a gap, link to its hash, and hash
/// to `hash` and `leaf`; the head must name the last event, with no row beyond it. Signed checkpoints (from the database and the archive outside it, signatures
/// checked with the trusted keys) must match the chain where it reaches their size: that is
/// what catches a chain rewritten consistently, or a tail cut together with its head.
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
        /// The events up to a signed checkpoint do not match it (the seq is the first event
        /// after the last checkpoint that matched: the rewrite is at or after it).
        case checkpointMismatch = "checkpoint_mismatch"
        /// A checkpoint's signature or content does not verify (the seq is its size).
        case checkpointInvalid = "checkpoint_invalid"
        /// Two validly signed checkpoints of one size disagree (the seq is their size).
        case fork = "fork"
        /// A signed checkpoint, or the head, covers events the chain no longer has (the seq is
        /// the first missing).
        case truncated = "truncated_tail"
    }

    /// Verification's result, with what it covered.
    package struct Report: Sendable, Equatable {
        package var outcome: Outcome
        /// The first seq walked: 1, or one past the trusted checkpoint `from` started at.
        package var firstSeq: UInt64
        /// Signed checkpoints matched by the chain.
        package var checkpointsMatched: Int
        /// The size of the last matched checkpoint (events after it rest on the chain alone).
        package var lastCheckpoint: UInt64?
        /// A sentence for people when something is wrong, or about what was not checked.
        package var detail: String?
    }

    private let database: Database
    private let verifiers: [NoteVerifier]
    private let archive: CheckpointArchive?

    /// - Parameters:
    ///   - verifiers: Keys whose checkpoint signatures are trusted; with none, checkpoints are
    ///     not checked (and the report says so).
    ///   - archive: The checkpoint copies outside the database, when configured.
    package init(database: Database, verifiers: [NoteVerifier] = [], archive: CheckpointArchive? = nil) {
        self.database = database
        self.verifiers = verifiers
        self.archive = archive
    }

    /// Verifies `tenant`'s chain; from `from`, it starts at the latest signed checkpoint below it.
    ///
    /// The chain is verified as it stood when verification began (its head then): events
    /// appended meanwhile are left for the next run, and cannot make a sound chain look broken.
    package func verify(tenant: UUID, from: UInt64 = 1) async throws -> Report {
        let (stored, head) = try await database.withTenant(tenant) { connection in
            (try await AuditCheckpointRows.all(on: connection), try await Self.head(on: connection))
        }
        let (trusted, failure) = try trustedCheckpoints(tenant: tenant, stored: stored)
        if let failure { return failure }
        var walk = AuditChainWalk(checkpoints: trusted)
        if from > 1,
            let start = stored.last(where: {
                $0.checkpoint.size < from && trusted.map(\.matching).contains($0.checkpoint.matching)
            }),
            let frontier = start.frontier, frontier.root == start.checkpoint.root
        {
            walk = AuditChainWalk(frontier: frontier, previous: start.checkpoint.headHash, checkpoints: trusted)
        }
        let firstSeq = walk.nextSeq
        var report = Report(outcome: .intact(events: 0), firstSeq: firstSeq, checkpointsMatched: 0)
        if verifiers.isEmpty { report.detail = "checkpoints not checked: no trusted key given" }
        let chunks = AuditEventChunks(database: database, tenant: tenant, from: firstSeq, through: head.seq)
        for try await chunk in chunks {
            if let (seq, reason) = chunk.walk(&walk) {
                return broken(report, walk: walk, seq: seq, reason: reason)
            }
        }
        report.checkpointsMatched = walk.matched.count
        report.lastCheckpoint = walk.lastMatched?.size
        if let cut = walk.unreached.first(where: { $0.size > head.seq }) {
            report.outcome = .broken(seq: walk.nextSeq, reason: .truncated)
            report.detail = "a signed checkpoint covers \(cut.size) events; the chain ends at \(walk.nextSeq - 1)"
            return report
        }
        if walk.nextSeq - 1 < head.seq {
            report.outcome = .broken(seq: walk.nextSeq, reason: .truncated)
            report.detail = "the head names event \(head.seq); the chain ends at \(walk.nextSeq - 1)"
            return report
        }
        // The head must name the last event, and no row may lie beyond a head.
        let beyond = try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT coalesce((SELECT max(seq) FROM audit_events), 0) > coalesce((SELECT seq FROM audit_heads), 0)",
                logger: Database.silentLogger
            )
            for try await beyond in rows.decode(Bool?.self) { return beyond ?? false }
            return false
        }
        guard head.hash == walk.previous, !beyond else {
            report.outcome = .broken(seq: head.seq + 1, reason: .headMismatch)
            return report
        }
        report.outcome = .intact(events: head.seq)
        return report
    }

    private static func head(on connection: PostgresConnection) async throws -> AuditHead {
        let rows = try await connection.query("SELECT seq, hash FROM audit_heads", logger: Database.silentLogger)
        for try await (seq, hash) in rows.decode((Int64, Data).self) {
            return AuditHead(seq: UInt64(max(seq, 0)), hash: hash)
        }
        return .empty
    }

    private func broken(_ report: Report, walk: AuditChainWalk, seq: UInt64, reason: Reason) -> Report {
        var report = report
        report.checkpointsMatched = walk.matched.count
        report.lastCheckpoint = walk.lastMatched?.size
        if reason == .checkpointMismatch {
            let after = walk.lastMatched?.size ?? (report.firstSeq - 1)
            report.outcome = .broken(seq: after + 1, reason: reason)
            report.detail = "events \(after + 1)…\(seq) do not match the signed checkpoint at size \(seq)"
        } else {
            report.outcome = .broken(seq: seq, reason: reason)
        }
        return report
    }

    /// The checkpoints whose signatures verify, from the database and the archive, one per
    /// size; or the report of the first that does not.
    /// - Throws: when the archive cannot be read: an unreadable archive must never pass for an
    ///   empty one.
    private func trustedCheckpoints(tenant: UUID, stored: [StoredCheckpoint]) throws -> ([AuditCheckpoint], Report?) {
        guard !verifiers.isEmpty else { return ([], nil) }
        var bySize: [UInt64: AuditCheckpoint] = [:]
        let archived = try archive?.notes(tenant: tenant) ?? []
        let notes =
            stored.map { ($0.signedNote, Optional($0.checkpoint), "the database") }
            + archived.map { ($0.note, nil, "the archive (\($0.file))") }
        for (note, columns, place) in notes {
            let opened = try? AuditCheckpoint.open(note, verifiers: verifiers)
            guard let opened, opened.origin.hasSuffix("/" + tenant.uuidString.lowercased()),
                columns.map({ $0 == opened.matching }) ?? true
            else {
                let size = columns?.size ?? opened?.size ?? 0
                let report = Report(
                    outcome: .broken(seq: size, reason: .checkpointInvalid),
                    firstSeq: 1,
                    checkpointsMatched: 0,
                    detail:
                        "a checkpoint\(size > 0 ? " of size \(size)" : "") in \(place) fails its signature or content check"
                )
                return ([], report)
            }
            if let other = bySize[opened.size], other != opened {
                let report = Report(
                    outcome: .broken(seq: opened.size, reason: .fork),
                    firstSeq: 1,
                    checkpointsMatched: 0,
                    detail: "two signed checkpoints of size \(opened.size) disagree"
                )
                return ([], report)
            }
            bySize[opened.size] = opened
        }
        return (bySize.values.sorted { $0.size < $1.size }, nil)
    }
}

extension AuditCheckpoint {
    /// The checkpoint without its origin, as the database columns hold it.
    var matching: AuditCheckpoint { AuditCheckpoint(origin: "", size: size, root: root, headHash: headHash) }
}
