import Crypto
package import Foundation
package import SigiloCore

/// The hashes of the audit chain (docs/audit-format.md):
/// `hash = SHA-256(prev_hash ‖ canonical bytes)`, with 32 zero bytes before the first event,
/// and the event's RFC 6962 leaf `SHA-256(0x00 ‖ canonical bytes)` for inclusion proofs.
package enum AuditChain {
    /// The `prev_hash` of a tenant's first event.
    package static let genesis = Data(repeating: 0, count: 32)

    /// The chain hash of an event whose canonical bytes are `bytes`, after `previous`.
    package static func hash(previous: Data, bytes: some DataProtocol) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Data(bytes))
        return Data(hasher.finalize())
    }

    /// The event's Merkle leaf hash.
    package static func leaf(bytes: some DataProtocol) -> Data {
        MerkleTree.leafHash(bytes)
    }

    /// Canonical bytes and both hashes of `event` after `previous`.
    package static func seal(_ event: AuditEvent, previous: Data) throws -> (bytes: [UInt8], hash: Data, leaf: Data) {
        let bytes = try AuditEncoding.encode(event)
        return (bytes, hash(previous: previous, bytes: bytes), leaf(bytes: bytes))
    }
}
