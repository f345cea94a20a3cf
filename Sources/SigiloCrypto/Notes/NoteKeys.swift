import Crypto
package import Foundation

/// An Ed25519 key that signs C2SP signed notes (c2sp.org/signed-note) under a key name.
///
/// Text form, as Go's `golang.org/x/mod/sumdb/note` writes it, so the same keys work with
/// that ecosystem's tools: `PRIVATE+KEY+<name>+<key id, 8 hex digits>+<base64(0x01 ‖ seed)>`.
package struct NoteSigner: Sendable {
    package let verifier: NoteVerifier
    private let key: Curve25519.Signing.PrivateKey

    /// - Throws: ``NoteKeyError`` when `name` is not a valid key name.
    init(name: String, key: Curve25519.Signing.PrivateKey) throws(NoteKeyError) {
        self.verifier = try NoteVerifier(name: name, publicKey: key.publicKey)
        self.key = key
    }

    /// A new random key named `name`.
    package static func generate(name: String) throws(NoteKeyError) -> NoteSigner {
        try NoteSigner(name: name, key: Curve25519.Signing.PrivateKey())
    }

    /// Parses the text form; the key id must match the name and key.
    package init(encoded: String) throws(NoteKeyError) {
        let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+",
            maxSplits: 4,
            omittingEmptySubsequences: false
        )
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
            let material = Data(base64Encoded: String(parts[4])), material.count == 33, material.first == 0x01,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: material.dropFirst())
        else { throw NoteKeyError(description: "not a note signing key (PRIVATE+KEY+name+id+key)") }
        try self.init(name: String(parts[2]), key: key)
        guard String(parts[3]) == verifier.keyIDHex else {
            throw NoteKeyError(description: "the key id does not match the key")
        }
    }

    /// The text form. It is a secret: write it to a file only its owner can read.
    package var encoded: String {
        "PRIVATE+KEY+\(verifier.name)+\(verifier.keyIDHex)+"
            + (Data([0x01]) + key.rawRepresentation).base64EncodedString()
    }

    /// The Ed25519 signature of `text`.
    package func signature(of text: some DataProtocol) throws -> Data {
        try key.signature(for: Data(text))
    }
}

/// The public half of a ``NoteSigner``: `<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>`.
/// This is the text a verifier is given (`--public-key`).
package struct NoteVerifier: Sendable, Equatable {
    package let name: String
    /// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]`, big-endian (c2sp.org/signed-note).
    package let keyID: UInt32
    package let publicKey: Data

    init(name: String, publicKey: Curve25519.Signing.PublicKey) throws(NoteKeyError) {
        guard !name.isEmpty, !name.contains("+"), !name.unicodeScalars.contains(where: { $0.properties.isWhitespace }),
            !name.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { throw NoteKeyError(description: "a key name must be non-empty, without spaces or '+'") }
        self.name = name
        self.publicKey = publicKey.rawRepresentation
        var hasher = SHA256()
        hasher.update(data: Data(name.utf8) + [0x0A, 0x01] + publicKey.rawRepresentation)
        self.keyID = hasher.finalize().prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses the text form; the key id must match the name and key.
    package init(encoded: String) throws(NoteKeyError) {
        let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+",
            maxSplits: 2,
            omittingEmptySubsequences: false
        )
        guard parts.count == 3, let material = Data(base64Encoded: String(parts[2])), material.count == 33,
            material.first == 0x01,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: material.dropFirst())
        else { throw NoteKeyError(description: "not a note verifier key (name+id+key)") }
        try self.init(name: String(parts[0]), publicKey: key)
        guard String(parts[1]) == keyIDHex else { throw NoteKeyError(description: "the key id does not match the key") }
    }

    package var keyIDHex: String { String(format: "%08x", keyID) }

    package var encoded: String {
        "\(name)+\(keyIDHex)+" + (Data([0x01]) + publicKey).base64EncodedString()
    }

    /// Whether `signature` is this key's Ed25519 signature of `text`.
    package func isValid(signature: Data, of text: some DataProtocol) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: Data(text))
    }
}

/// A note key that cannot be used; the message never quotes key material.
package struct NoteKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    package let description: String
}
