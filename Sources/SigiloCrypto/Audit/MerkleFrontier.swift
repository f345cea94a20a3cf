package import Foundation

/// The right edge of an RFC 6962 Merkle tree: the roots of its perfect subtrees, largest
/// (leftmost) first, one per bit set in the size. Enough to append leaves and compute the
/// root without the earlier leaves, so a checkpoint costs the events since the last one.
package struct MerkleFrontier: Sendable, Equatable {
    package private(set) var size: UInt64
    /// Perfect-subtree roots, left to right; their sizes are the bits of `size`, high to low.
    private var roots: [Digest32]

    /// The empty tree.
    package init() {
        size = 0
        roots = []
    }

    /// A frontier stored by ``serialized``; `nil` unless it holds one 32-byte node per bit
    /// set in `size`.
    package init?(size: UInt64, serialized: Data) {
        guard serialized.count == size.nonzeroBitCount * 32 else { return nil }
        self.size = size
        self.roots = serialized.withUnsafeBytes { bytes in
            stride(from: 0, to: bytes.count, by: 32).map {
                Digest32(UnsafeRawBufferPointer(rebasing: bytes[$0..<($0 + 32)]))!
            }
        }
    }

    /// The perfect-subtree roots, left to right.
    package var nodes: [Data] { roots.map(\.data) }

    /// The nodes concatenated.
    package var serialized: Data { roots.reduce(into: Data()) { $0 += $1.data } }

    /// Appends the leaf whose leaf hash is `leafHash`.
    /// - Precondition: `leafHash` is 32 bytes.
    package mutating func append(leafHash: Data) {
        guard let digest = Digest32(leafHash) else { preconditionFailure("a leaf hash is 32 bytes") }
        append(digest)
    }

    /// Appends a leaf hash: like adding one to a binary counter, equal-sized subtrees on the
    /// right merge.
    package mutating func append(_ leafHash: Digest32) {
        var node = leafHash
        var carried = size
        while carried & 1 == 1 {
            node = Digest32.node(roots.removeLast(), node)
            carried >>= 1
        }
        roots.append(node)
        size += 1
    }

    /// The Merkle Tree Hash of the leaves so far (RFC 6962 §2.1): the subtree roots folded
    /// from the right, which is where the RFC's "largest power of two smaller than n" splits fall.
    package var root: Data {
        guard var hash = roots.last else { return MerkleTree.root(of: []) }
        for node in roots.dropLast().reversed() { hash = Digest32.node(node, hash) }
        return hash.data
    }
}
