import Foundation
import SigiloCrypto
import Testing

/// RFC 6962 Merkle trees against the Certificate Transparency reference vectors, and
/// inclusion proofs as an attacker would tamper with them.
@Suite("RFC 6962 Merkle tree")
struct MerkleTreeTests {
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hex)
    /// Roots of the trees of the first 0…8 leaves.
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hex)

    static func hex(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return Data(bytes)
    }

    var leafHashes: [Data] { Self.leaves.map { MerkleTree.leafHash($0) } }

    @Test("roots of every size 0…8 match RFC 6962's reference tree heads")
    func referenceRoots() {
        for size in 0...8 {
            #expect(MerkleTree.root(of: leafHashes[..<size]) == Self.roots[size], "size \(size)")
        }
    }

    @Test("reference audit paths for leaves 0 and 5 of the 8-leaf tree")
    func referencePaths() {
        #expect(
            MerkleTree.inclusionProof(index: 0, in: leafHashes[...])
                == [
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ].map(Self.hex)
        )
        #expect(
            MerkleTree.inclusionProof(index: 5, in: leafHashes[...])
                == [
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ].map(Self.hex)
        )
    }

    @Test("every leaf of every tree up to 40 leaves proves its inclusion, and tampering fails")
    func inclusionRoundTripAndTampering() {
        let many = (0..<40).map { MerkleTree.leafHash(Data([UInt8($0), UInt8(truncatingIfNeeded: $0 * 7)])) }
        for size in 1...many.count {
            let tree = many[..<size]
            let root = MerkleTree.root(of: tree)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, in: tree)
                let leaf = many[index]
                let n = UInt64(size)
                let i = UInt64(index)
                #expect(MerkleTree.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof, root: root))
                // Another leaf, position or root, or a changed, shortened or extended proof.
                let other = many[(index + 1) % many.count]
                #expect(!MerkleTree.verifyInclusion(leafHash: other, index: i, size: n, proof: proof, root: root))
                if size > 1 {
                    let moved = (i + 1) % n
                    #expect(
                        !MerkleTree.verifyInclusion(leafHash: leaf, index: moved, size: n, proof: proof, root: root)
                    )
                }
                // (A different size with the same root is not an attack: a signed checkpoint binds
                // the root to its size.)
                #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: n, size: n, proof: proof, root: root))
                #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof, root: other))
                if !proof.isEmpty {
                    var flipped = proof
                    flipped[0][0] ^= 1
                    #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: i, size: n, proof: flipped, root: root))
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaf,
                            index: i,
                            size: n,
                            proof: Array(proof.dropLast()),
                            root: root
                        )
                    )
                }
                #expect(
                    !MerkleTree.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof + [root], root: root)
                )
            }
        }
    }

    @Test("a leaf hash can never pass as an interior node (domain separation)")
    func domainSeparation() {
        let a = MerkleTree.leafHash(Data([1]))
        let b = MerkleTree.leafHash(Data([2]))
        #expect(MerkleTree.leafHash(a + b) != MerkleTree.nodeHash(a, b))
    }
}
