package import Foundation

/// What a signed checkpoint states about one tenant's chain (docs/audit-format.md §5): its
/// size, the RFC 6962 root over its leaves, and the chain hash of its last event.
///
/// The note text follows c2sp.org/tlog-checkpoint, with the head hash as an extension line:
/// ```
/// <origin>\n
/// <size, decimal>\n
/// <base64 root>\n
/// head <base64 chain hash of event `size`>\n
/// ```
package struct AuditCheckpoint: Sendable, Equatable {
    /// Names the chain: `<key name>/<tenant id>`, so a checkpoint of one tenant cannot pass
    /// for another's.
    package var origin: String
    package var size: UInt64
    package var root: Data
    package var headHash: Data

    package init(origin: String, size: UInt64, root: Data, headHash: Data) {
        self.origin = origin
        self.size = size
        self.root = root
        self.headHash = headHash
    }

    /// The origin of `tenant`'s chain under the key named `keyName`.
    package static func origin(keyName: String, tenant: UUID) -> String {
        "\(keyName)/\(tenant.uuidString.lowercased())"
    }

    /// The note text.
    package var text: String {
        "\(origin)\n\(size)\n\(root.base64EncodedString())\nhead \(headHash.base64EncodedString())\n"
    }

    /// Signs the note text.
    package func signed(by signer: NoteSigner) throws -> String {
        try SignedNote.sign(text, with: signer)
    }

    /// Opens a signed checkpoint: the signature by one of `verifiers` must verify, then the
    /// text must be exactly a checkpoint (no other lines, canonical numbers and base64).
    package static func open(_ note: String, verifiers: [NoteVerifier]) throws(SignedNote.Failure) -> AuditCheckpoint {
        let text = try SignedNote.open(note, verifiers: verifiers)
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, !lines[0].isEmpty,
            let size = UInt64(lines[1]), String(size) == lines[1], size > 0,
            let root = Data(base64Encoded: String(lines[2])), root.count == 32,
            lines[3].hasPrefix("head "), let head = Data(base64Encoded: String(lines[3].dropFirst(5))), head.count == 32
        else { throw .malformed }
        let checkpoint = AuditCheckpoint(origin: String(lines[0]), size: size, root: root, headHash: head)
        guard checkpoint.text == text else { throw .malformed }
        return checkpoint
    }
}
