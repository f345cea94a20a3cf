import Crypto
package import Foundation
package import SigiloCore

/// The audit export, NDJSON (docs/audit-format.md §6): a header, the events in seq order, each
/// signed checkpoint right after the event it covers, and a trailer whose signed note pins
/// the SHA-256 of every byte before it.
///
/// An export starts at seq 1 or just after a signed checkpoint (the header carries it, with
/// its Merkle frontier), so it verifies offline with nothing but the public key.
package enum AuditExport {
    package static let format = "sigilo.audit.export"
    package static let version = 1

    package struct Header: Codable, Sendable, Equatable {
        package var type = "header"
        package var format = AuditExport.format
        package var version = AuditExport.version
        package var tenantID: String
        package var origin: String
        /// The signer's verifier key, for reference only: verify with a key obtained elsewhere.
        package var publicKeys: [String]
        package var firstSeq: UInt64
        package var lastSeq: UInt64
        package var start: Start?
        package var exportedAt: String

        enum CodingKeys: String, CodingKey {
            case type, format, version, origin, start
            case tenantID = "tenant_id"
            case publicKeys = "public_keys"
            case firstSeq = "first_seq"
            case lastSeq = "last_seq"
            case exportedAt = "exported_at"
        }

        package init(
            tenantID: UUID,
            origin: String,
            publicKeys: [String],
            firstSeq: UInt64,
            lastSeq: UInt64,
            start: Start?,
            exportedAt: String
        ) {
            self.tenantID = tenantID.uuidString.lowercased()
            self.origin = origin
            self.publicKeys = publicKeys
            self.firstSeq = firstSeq
            self.lastSeq = lastSeq
            self.start = start
            self.exportedAt = exportedAt
        }
    }

    /// The signed checkpoint an export starting after seq 1 rests on, and its frontier.
    package struct Start: Codable, Sendable, Equatable {
        package var signedNote: String
        /// Base64 perfect-subtree roots, left to right.
        package var frontier: [String]

        enum CodingKeys: String, CodingKey {
            case frontier
            case signedNote = "signed_note"
        }

        package init(signedNote: String, frontier: MerkleFrontier) {
            self.signedNote = signedNote
            self.frontier = frontier.nodes.map { $0.base64EncodedString() }
        }
    }

    package struct EventLine: Codable, Sendable, Equatable {
        package var type = "event"
        package var seq: UInt64
        /// The canonical bytes, base64: what was hashed.
        package var encoded: String
        package var prevHash: String
        package var hash: String
        package var leaf: String
        /// The same event, readable; a verifier checks that it states exactly `encoded`.
        package var event: AuditEventView

        enum CodingKeys: String, CodingKey {
            case type, seq, encoded, hash, leaf, event
            case prevHash = "prev_hash"
        }

        package init(encoded: Data, previousHash: Data, hash: Data, leaf: Data, event: AuditEvent) {
            self.seq = event.seq
            self.encoded = encoded.base64EncodedString()
            self.prevHash = previousHash.base64EncodedString()
            self.hash = hash.base64EncodedString()
            self.leaf = leaf.base64EncodedString()
            self.event = AuditEventView(event)
        }
    }

    package struct CheckpointLine: Codable, Sendable, Equatable {
        package var type = "checkpoint"
        package var size: UInt64
        package var signedNote: String

        enum CodingKeys: String, CodingKey {
            case type, size
            case signedNote = "signed_note"
        }

        package init(size: UInt64, signedNote: String) {
            self.size = size
            self.signedNote = signedNote
        }
    }

    package struct Trailer: Codable, Sendable, Equatable {
        package var type = "trailer"
        /// Base64 SHA-256 of every byte before this line.
        package var sha256: String
        /// A signed note of ``trailerText(origin:digest:)``.
        package var signedNote: String

        enum CodingKeys: String, CodingKey {
            case type, sha256
            case signedNote = "signed_note"
        }
    }

    /// The note text a trailer signs. Its shape (two lines, the second starting `export`)
    /// can never parse as a checkpoint, nor a checkpoint as it.
    package static func trailerText(origin: String, digest: Data) -> String {
        "\(origin)\nexport sha256 \(digest.base64EncodedString())\n"
    }

    /// Produces export lines, keeping the running digest for the trailer.
    package struct Writer: Sendable {
        private var digest = SHA256()
        private let encoder: JSONEncoder

        package init() {
            encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        }

        /// `value` as one JSON line, newline included.
        package mutating func line(_ value: some Encodable) throws -> Data {
            var data = try encoder.encode(value)
            data.append(0x0A)
            digest.update(data: data)
            return data
        }

        /// The last line: the digest of everything written, signed.
        package func trailer(origin: String, signer: NoteSigner) throws -> Data {
            let hash = Data(digest.finalize())
            let trailer = Trailer(
                sha256: hash.base64EncodedString(),
                signedNote: try SignedNote.sign(trailerText(origin: origin, digest: hash), with: signer)
            )
            var data = try encoder.encode(trailer)
            data.append(0x0A)
            return data
        }
    }
}
