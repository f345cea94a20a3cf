import Crypto
package import Foundation

/// Ed25519 private keys in the text form the signing-key file uses: the 32-byte seed as
/// unpadded base64url (the `d` member of an OKP JSON Web Key, RFC 8037).
package enum SigningKeyMaterial {
    /// A fresh private key's `d`.
    package static func generate() -> String {
        Curve25519.Signing.PrivateKey().rawRepresentation.base64URLEncodedString()
    }

    /// A key id for a new key: the date and 8 random hex digits (`2026-11-23-3f9a0c1e`).
    package static func newKeyID(now: Date = Date()) -> String {
        let day = now.formatted(.iso8601.year().month().day().dateSeparator(.dash))
        let random = UInt32.random(in: .min ... .max)
        return day + "-" + String(format: "%08x", random)
    }
}
