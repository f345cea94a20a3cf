package import Foundation

/// The right edge of an RFC 6962 Merkle tree: the roots of its perfect subtrees, largest
/// (leftmost) first, one per bit set in the size. Enough to append leaves and compute the
/// root without the earlier leaves, so a checkpoint costs the events since the last one.
package struct MerkleFrontier: Sendable, Equatable {
    package private(set) var size: UInt64
    /// Perfect-subtree roots, left to right; their sizes are the bits of `size`, high to low.
    package private(set) var nodes: [Data]

    /// The empty tree.
    package init() {
        size = 0
        nodes = []
    }

    /// A frontier stored by ``serialized``; `nil` unless it holds one 32-byte node per bit
    /// set in `size`.
    package init?(size: UInt64, serialized: Data) {
        guard serialized.count == size.nonzeroBitCount * 32 else { return nil }
        self.size = size
        self.nodes = stride(from: 0, to: serialized.count, by: 32).map {
            Data(serialized[(serialized.startIndex + $0)..<(serialized.startIndex + $0 + 32)])
        }
    }

    /// The nodes concatenated.
    package var serialized: Data { nodes.reduce(into: Data()) { $0 += $1 } }

    /// Appends the leaf whose leaf hash is `leafHash`: like adding one to a binary counter,
    /// equal-sized subtrees on the right merge.
    package mutating func append(leafHash: Data) {
        var node = leafHash
        var carried = size
        while carried & 1 == 1 {
            node = MerkleTree.nodeHash(nodes.removeLast(), node)
            carried >>= 1
        }
        nodes.append(node)
        size += 1
    }

    /// The Merkle Tree Hash of the leaves so far (RFC 6962 §2.1): the subtree roots folded
    /// from the right, which is where the RFC's "largest power of two smaller than n" splits fall.
    package var root: Data {
        guard var hash = nodes.last else { return MerkleTree.root(of: []) }
        for node in nodes.dropLast().reversed() { hash = MerkleTree.nodeHash(node, hash) }
        return hash
    }
}
