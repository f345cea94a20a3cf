import Crypto
package import Foundation

/// The Merkle tree of RFC 6962 §2.1 (restated in RFC 9162 §2.1) over SHA-256: the structure
/// the audit chain's checkpoints commit to, so one event's inclusion can be proven alone.
///
/// - A leaf hashes as `SHA-256(0x00 ‖ data)`, an interior node as `SHA-256(0x01 ‖ left ‖ right)`,
///   so a leaf can never pass for a node.
/// - A tree of n > 1 leaves splits at k, the largest power of two smaller than n (not at the
///   midpoint); the empty tree's hash is `SHA-256("")`.
package enum MerkleTree {
    /// `SHA-256(0x00 ‖ data)`.
    package static func leafHash(_ data: some DataProtocol) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Data(data))
        return Data(hasher.finalize())
    }

    /// `SHA-256(0x01 ‖ left ‖ right)`.
    package static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }

    /// The Merkle Tree Hash of leaves whose leaf hashes are given, in order.
    package static func root(of leafHashes: ArraySlice<Data>) -> Data {
        switch leafHashes.count {
        case 0:
            return Data(SHA256.hash(data: Data()))
        case 1:
            return leafHashes[leafHashes.startIndex]
        default:
            let split = leafHashes.startIndex + largestPowerOfTwo(below: leafHashes.count)
            return nodeHash(root(of: leafHashes[..<split]), root(of: leafHashes[split...]))
        }
    }

    /// The audit path of leaf `index` in the tree of `leafHashes` (RFC 6962 §2.1.1), from the
    /// leaf's sibling up to the root's child.
    /// - Precondition: `index` is within `leafHashes`.
    package static func inclusionProof(index: Int, in leafHashes: ArraySlice<Data>) -> [Data] {
        precondition(leafHashes.indices.contains(leafHashes.startIndex + index), "leaf index out of range")
        guard leafHashes.count > 1 else { return [] }
        let split = largestPowerOfTwo(below: leafHashes.count)
        let left = leafHashes[..<(leafHashes.startIndex + split)]
        let right = leafHashes[(leafHashes.startIndex + split)...]
        if index < split {
            return inclusionProof(index: index, in: left) + [root(of: right)]
        }
        return inclusionProof(index: index - split, in: right) + [root(of: left)]
    }

    /// Whether `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves with
    /// `root` (RFC 9162 §2.1.3.2). Any change to the proof, index, size, leaf or root fails.
    package static func verifyInclusion(
        leafHash: Data,
        index: UInt64,
        size: UInt64,
        proof: [Data],
        root: Data
    ) -> Bool {
        guard index < size else { return false }
        var fn = index
        var sn = size - 1
        var hash = leafHash
        for sibling in proof {
            guard sibling.count == 32, sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                hash = nodeHash(sibling, hash)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && hash == root
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
