package import Crypto
package import Foundation

/// The server's master key: 256 random bits from configuration (file or environment), never
/// from the database. Purpose keys are derived from it with HKDF-SHA-256, so one secret
/// serves several uses without any two sharing a key.
///
/// The identity issue derives user e-mail sealing, e-mail lookup and throttle keys from it;
/// the encrypted-CRM issue turns it into a versioned key ring.
package struct MasterKey: Sendable {
    /// The key's version, written into every sealed value so rotation can find old data.
    package let version: UInt32
    private let key: SymmetricKey
    /// The purpose key "keys/wrap" (``KeyWrapper``), derived once: every contact read unwraps
    /// a data key with it.
    package let wrappingKey: SymmetricKey

    /// - Parameters:
    ///   - bytes: Exactly 32 random bytes.
    ///   - version: The key's version (1 until key rotation exists).
    /// - Throws: ``KeyMaterialError`` when `bytes` is not 32 bytes long.
    package init(bytes: some ContiguousBytes, version: UInt32 = 1) throws(KeyMaterialError) {
        let key = SymmetricKey(data: bytes)
        guard key.bitCount == 256 else { throw KeyMaterialError(.wrongLength) }
        self.key = key
        self.version = version
        self.wrappingKey = Self.derive("keys/wrap", from: key)
    }

    /// Reads the key from its base64 text form (`sigilo keys generate` writes a ring of it).
    package init(base64 text: String, version: UInt32 = 1) throws(KeyMaterialError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) else { throw KeyMaterialError(.notBase64) }
        try self.init(bytes: bytes, version: version)
    }

    /// A fresh random key in base64, for `sigilo keys generate`.
    package static func generateBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The key for one purpose, e.g. `"users/email/seal"`. Distinct purposes give
    /// independent keys (HKDF-SHA-256, RFC 5869, info `sigilo/v1/<purpose>`).
    package func derive(_ purpose: String) -> SymmetricKey {
        Self.derive(purpose, from: key)
    }

    private static func derive(_ purpose: String, from key: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            salt: Data("sigilo".utf8),
            info: Data("sigilo/v1/\(purpose)".utf8),
            outputByteCount: 32
        )
    }
}
