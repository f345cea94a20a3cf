import Foundation

/// C2SP signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line,
/// then one line per signature: `— <key name> <base64(key id ‖ signature)>`.
package enum SignedNote {
    /// Why a note was refused. The first failure found is reported.
    package enum Failure: String, Error, Sendable, Equatable {
        /// Not the signed-note shape (no blank line, a bad signature line, a control character).
        case malformed = "note_malformed"
        /// No signature by a trusted key.
        case unknownKey = "note_unknown_key"
        /// A trusted key's signature does not verify: the text or the signature was changed.
        case badSignature = "note_bad_signature"
    }

    /// The most signature lines accepted (the specification asks for at least 16).
    static let maximumSignatures = 16

    /// `text` signed by `signer`.
    /// - Precondition: `text` ends in a newline and holds no other control character.
    package static func sign(_ text: String, with signer: NoteSigner) throws -> String {
        precondition(text.hasSuffix("\n"), "a note text ends in a newline")
        let signature = try signer.signature(of: Data(text.utf8))
        let keyID = withUnsafeBytes(of: signer.verifier.keyID.bigEndian) { Data($0) }
        return text + "\n— \(signer.verifier.name) " + (keyID + signature).base64EncodedString() + "\n"
    }

    /// The text of `note` once a signature by one of `verifiers` checks out. Signatures by
    /// unknown keys are ignored; a known key whose signature fails rejects the whole note.
    package static func open(_ note: String, verifiers: [NoteVerifier]) throws(Failure) -> String {
        guard note.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" }),
            note.hasSuffix("\n"), let split = note.range(of: "\n\n", options: .backwards)
        else { throw .malformed }
        let text = String(note[..<split.lowerBound]) + "\n"
        let lines = note[split.upperBound...].dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard (1...maximumSignatures).contains(lines.count) else { throw .malformed }
        var verified = false
        for line in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == "—", let blob = Data(base64Encoded: String(fields[2])), blob.count > 4
            else { throw .malformed }
            let keyID = blob.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard let verifier = verifiers.first(where: { $0.name == fields[1] && $0.keyID == keyID }) else { continue }
            guard verifier.isValid(signature: blob.dropFirst(4), of: Data(text.utf8)) else { throw .badSignature }
            verified = true
        }
        guard verified else { throw .unknownKey }
        return text
    }
}
