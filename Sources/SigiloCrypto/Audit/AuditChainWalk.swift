package import Foundation

/// Checks a tenant's chain event by event, in seq order, wherever the events come from (the
/// database, an export file): each event follows the one before without a gap, links to its
/// hash, and hashes its bytes; the Merkle frontier grows with each leaf, and whenever it
/// reaches the size of a signed checkpoint, root and head hash must match it.
///
/// Signatures are checked before a checkpoint is handed in; this walk only compares.
package struct AuditChainWalk: Sendable {
    /// Why an event (or the checkpoint it completes) is wrong.
    package enum Finding: String, Sendable, Equatable {
        case gap = "gap"
        case previousMismatch = "prev_hash_mismatch"
        case hashMismatch = "hash_mismatch"
        case leafMismatch = "leaf_mismatch"
        /// The events up to a signed checkpoint do not hash to its root and head: something
        /// at or before it was rewritten, consistently enough to pass the chain checks.
        case checkpointMismatch = "checkpoint_mismatch"
    }

    /// The seq the next event must have.
    package private(set) var nextSeq: UInt64
    /// The chain hash of the last event walked (genesis before the first).
    package var previous: Data { last.data }
    private var last: Digest32
    package private(set) var frontier: MerkleFrontier
    /// Checkpoints not yet reached, ascending by size.
    private var ahead: [AuditCheckpoint]
    /// Checkpoints reached and matched.
    package private(set) var matched: [AuditCheckpoint] = []

    /// A walk from the start of the chain, or from a trusted checkpoint: `frontier` and
    /// `previous` are then that checkpoint's (checked against its signed root by the caller).
    package init(
        frontier: MerkleFrontier = MerkleFrontier(),
        previous: Data = AuditChain.genesis,
        checkpoints: [AuditCheckpoint]
    ) {
        self.nextSeq = frontier.size + 1
        self.last = Digest32(previous) ?? Digest32(AuditChain.genesis)!
        self.frontier = frontier
        self.ahead = checkpoints.filter { $0.size > frontier.size }.sorted { $0.size < $1.size }
    }

    /// The checkpoints beyond the events walked so far: after the last event, any left mean
    /// the chain's tail was cut.
    package var unreached: [AuditCheckpoint] { ahead }

    /// The last checkpoint matched, or nil.
    package var lastMatched: AuditCheckpoint? { matched.last }

    /// Checks one event; returns what is wrong with it, or nil and moves on.
    package mutating func step(
        seq: UInt64,
        encoded: UnsafeRawBufferPointer,
        previousHash: UnsafeRawBufferPointer,
        hash: UnsafeRawBufferPointer,
        leaf: UnsafeRawBufferPointer
    ) -> Finding? {
        guard seq == nextSeq else { return .gap }
        guard Digest32(previousHash) == last else { return .previousMismatch }
        let computed = last.withUnsafeBytes { Digest32.sha256($0, encoded) }
        guard Digest32(hash) == computed else { return .hashMismatch }
        let leafHash = Digest32.sha256(prefix: 0x00, encoded)
        guard Digest32(leaf) == leafHash else { return .leafMismatch }
        last = computed
        frontier.append(leafHash)
        nextSeq += 1
        if let checkpoint = ahead.first, checkpoint.size == frontier.size {
            guard checkpoint.root == frontier.root, checkpoint.headHash == previous else { return .checkpointMismatch }
            matched.append(ahead.removeFirst())
        }
        return nil
    }

    /// Compares a checkpoint met after its last event (as in an export, where each one follows
    /// the event it covers): the walk must be exactly at its size.
    package mutating func confirm(_ checkpoint: AuditCheckpoint) -> Finding? {
        guard checkpoint.size == frontier.size, checkpoint.root == frontier.root, checkpoint.headHash == previous else {
            return .checkpointMismatch
        }
        matched.append(checkpoint)
        return nil
    }

    /// ``step(seq:encoded:previousHash:hash:leaf:)`` for values held in `Data`.
    package mutating func step(seq: UInt64, encoded: Data, previousHash: Data, hash: Data, leaf: Data) -> Finding? {
        encoded.withUnsafeBytes { encoded in
            previousHash.withUnsafeBytes { previousHash in
                hash.withUnsafeBytes { hash in
                    leaf.withUnsafeBytes { leaf in
                        step(seq: seq, encoded: encoded, previousHash: previousHash, hash: hash, leaf: leaf)
                    }
                }
            }
        }
    }
}
