package import Foundation
import JWTKit
import SigiloCore

/// The access-token signing keys, read from JSON: `{"keys":[{"kid","kty":"OKP","crv":"Ed25519","d"}]}`.
///
/// The first key signs new tokens; the others only verify, so a rotation prepends a new key and
/// removes the old one once the last token it signed has expired (15 minutes by default).
package struct SigningKeySet: Sendable {
    /// The key that signs.
    package let signing: AccessTokens.Key
    /// Keys kept for verification only.
    package let retired: [AccessTokens.Key]

    /// One key as written in the file.
    package struct Entry: Codable, Sendable {
        package var kid: String
        package var kty: String
        package var crv: String
        package var d: String

        package init(kid: String, d: String) {
            self.kid = kid
            self.kty = "OKP"
            self.crv = "Ed25519"
            self.d = d
        }
    }

    package struct File: Codable, Sendable {
        package var keys: [Entry]

        package init(keys: [Entry]) {
            self.keys = keys
        }
    }

    /// Parses the key set; `key` names the configuration key in errors.
    /// - Throws: ``ConfigurationError`` for malformed JSON, an empty set, duplicate ids or a bad key.
    package init(json: Data, key: String) throws {
        guard let file = try? JSONDecoder().decode(File.self, from: json) else {
            throw ConfigurationError(
                key: key,
                expectation: "a JSON object {\"keys\":[{\"kid\",\"kty\",\"crv\",\"d\"}]}"
            )
        }
        var keys: [AccessTokens.Key] = []
        for entry in file.keys {
            guard entry.kty == "OKP", entry.crv == "Ed25519", !entry.kid.isEmpty, entry.kid.count <= 64,
                let privateKey = try? EdDSA.PrivateKey(d: entry.d, curve: .ed25519)
            else {
                throw ConfigurationError(
                    key: key,
                    expectation: "Ed25519 keys (kty OKP, crv Ed25519, d, kid ≤ 64 chars)"
                )
            }
            keys.append(AccessTokens.Key(id: entry.kid, privateKey: privateKey))
        }
        guard let first = keys.first else { throw ConfigurationError(key: key, expectation: "at least one key") }
        guard Set(keys.map(\.id)).count == keys.count else {
            throw ConfigurationError(key: key, expectation: "keys with distinct kid values")
        }
        self.signing = first
        self.retired = Array(keys.dropFirst())
    }
}
