package import Foundation
package import Logging
import PostgresNIO
import ServiceLifecycle
package import SigiloCrypto

/// Signs checkpoints of every active chain (docs/audit-format.md §5): when `every` events
/// have been appended since the last checkpoint, or any event since one older than `maxAge`.
///
/// Each checkpoint first re-checks the events since the previous one (a chain that fails is
/// never signed: that would bless the tampering), then extends the stored Merkle frontier,
/// signs the C2SP note, writes it to the archive outside the database, and stores it.
/// Several instances are safe: a tenant's checkpoint is made under a transaction-level
/// advisory lock, and sizes are unique.
package final class AuditCheckpointer: Service, Sendable {
    /// When checkpoints are due.
    package struct Policy: Sendable {
        package var every: Int
        package var maxAge: Duration
        /// How often due chains are looked for.
        package var tick: Duration

        package init(every: Int = 1000, maxAge: Duration = .seconds(60), tick: Duration = .seconds(1)) {
            self.every = every
            self.maxAge = maxAge
            self.tick = tick
        }
    }

    /// The chain since the last checkpoint fails verification; nothing was signed.
    package struct Refused: Error, Sendable, CustomStringConvertible {
        package let seq: UInt64
        /// A reason of ``AuditVerifier/Reason``, e.g. `hash_mismatch`, `checkpoint_invalid`.
        package let reason: String
        package var description: String { "audit chain broken at seq \(seq) (\(reason)); checkpoint refused" }
    }

    /// The most events one checkpoint covers beyond the previous one; a chain further behind
    /// catches up over several ticks.
    static let maximumStep: Int64 = 100_000

    private let database: Database
    private let signer: NoteSigner
    private let trusted: [NoteVerifier]
    private let archive: CheckpointArchive?
    private let policy: Policy
    private let logger: Logger

    /// - Parameter trusted: Keys whose checkpoints this one may extend (the signer's is always
    ///   trusted; older keys are needed after a key change).
    package init(
        database: Database,
        signer: NoteSigner,
        trusted: [NoteVerifier] = [],
        archive: CheckpointArchive?,
        policy: Policy = Policy(),
        logger: Logger
    ) {
        self.database = database
        self.signer = signer
        self.trusted = [signer.verifier] + trusted.filter { $0 != signer.verifier }
        self.archive = archive
        self.policy = policy
        self.logger = logger
    }

    package func run() async throws {
        if archive == nil {
            logger.warning("audit checkpoints are kept only in the database: set audit.checkpointDirectory")
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.policy.tick)
                guard !Task.isCancelled else { break }
                await self.checkpointDueChains()
            }
        }
    }

    /// Checkpoints every chain that is due; failures are logged, one tenant's never stops another's.
    package func checkpointDueChains() async {
        let due: [UUID]
        do {
            due = try await dueTenants()
        } catch {
            logger.error("audit checkpoint scan failed", metadata: ["error.type": "\(type(of: error))"])
            return
        }
        for tenant in due {
            do {
                _ = try await checkpoint(tenant: tenant)
            } catch let refused as Refused {
                logger.critical(
                    "audit chain fails verification; checkpoint refused",
                    metadata: [
                        "sigilo.tenant_id": "\(tenant.uuidString.lowercased())", "sigilo.seq": "\(refused.seq)",
                        "sigilo.reason": "\(refused.reason)",
                    ]
                )
            } catch {
                logger.error(
                    "audit checkpoint failed",
                    metadata: [
                        "sigilo.tenant_id": "\(tenant.uuidString.lowercased())", "error.type": "\(type(of: error))",
                    ]
                )
            }
        }
    }

    private func dueTenants() async throws -> [UUID] {
        let seconds = Double(policy.maxAge.components.seconds) + Double(policy.maxAge.components.attoseconds) / 1e18
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_audit_checkpoints_due(\(Int64(policy.every)), \(seconds) * interval '1 second')",
                logger: Database.silentLogger
            )
            var tenants: [UUID] = []
            for try await tenant in rows.decode(UUID.self) { tenants.append(tenant) }
            return tenants
        }
    }

    /// Signs checkpoints of `tenant`'s chain up to its current head (at most ``maximumStep``
    /// events past the last checkpoint): one at every multiple of `every`, and one at the
    /// head. Returns the last; nil when there is nothing new.
    /// - Throws: ``Refused`` when the events since the last checkpoint do not verify.
    package func checkpoint(tenant: UUID) async throws -> AuditCheckpoint? {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                "SELECT pg_advisory_xact_lock(\(Self.lockClass), hashtext(\(tenant.uuidString.lowercased())))"
            )
            var walk = AuditChainWalk(checkpoints: [])
            if let last = try await AuditCheckpointRows.latest(on: connection) {
                // Extend only a checkpoint we signed (the row could have been inserted by
                // anyone with the application's role), and its frontier is not signed: its
                // root must be the signed one.
                guard let signed = try? AuditCheckpoint.open(last.signedNote, verifiers: trusted),
                    signed.matching == last.checkpoint,
                    signed.origin.hasSuffix("/" + tenant.uuidString.lowercased()),
                    let frontier = last.frontier, frontier.root == last.checkpoint.root
                else { throw Refused(seq: last.checkpoint.size, reason: "checkpoint_invalid") }
                walk = AuditChainWalk(frontier: frontier, previous: last.checkpoint.headHash, checkpoints: [])
            }
            let from = Int64(walk.nextSeq)
            let rows = try await connection.query(
                """
                SELECT e.seq, e.encoded, e.prev_hash, e.hash, e.leaf FROM audit_events e, audit_heads h
                WHERE e.seq >= \(from) AND e.seq <= least(h.seq, \(from - 1 + Self.maximumStep)) ORDER BY e.seq
                """,
                logger: Database.silentLogger
            )
            // A checkpoint at every multiple of `every` reached, and one at the end, so a chain
            // that fell behind is still pinned every `every` events.
            var checkpoints: [(AuditCheckpoint, MerkleFrontier)] = []
            let origin = AuditCheckpoint.origin(keyName: signer.verifier.name, tenant: tenant)
            func pin() {
                checkpoints.append(
                    (
                        AuditCheckpoint(
                            origin: origin,
                            size: walk.frontier.size,
                            root: walk.frontier.root,
                            headHash: walk.previous
                        ),
                        walk.frontier
                    )
                )
            }
            for try await (seq, encoded, previous, hash, leaf) in rows.decode((Int64, Data, Data, Data, Data).self) {
                if let finding = walk.step(
                    seq: UInt64(seq),
                    encoded: encoded,
                    previousHash: previous,
                    hash: hash,
                    leaf: leaf
                ) {
                    throw Refused(seq: UInt64(seq), reason: AuditVerifier.Reason(finding).rawValue)
                }
                if walk.frontier.size % UInt64(max(1, policy.every)) == 0 { pin() }
            }
            if walk.frontier.size >= UInt64(from), checkpoints.last?.0.size != walk.frontier.size { pin() }
            for (checkpoint, frontier) in checkpoints {
                var note = try checkpoint.signed(by: signer)
                if let archive { note = try archive.write(tenant: tenant, checkpoint: checkpoint, note: note) }
                try await connection.run(
                    """
                    INSERT INTO audit_checkpoints (tenant_id, size, root, head_hash, key_id, signed_note, frontier)
                    VALUES (\(tenant), \(Int64(checkpoint.size)), \(checkpoint.root), \(checkpoint.headHash),
                        \(signer.verifier.name + "+" + signer.verifier.keyIDHex), \(note), \(frontier.serialized))
                    """
                )
            }
            return checkpoints.last?.0
        }
    }

    /// The advisory lock class of checkpointing (the other half is the tenant's hash).
    static let lockClass: Int32 = 0x5349_4743  // "SIGC"
}
