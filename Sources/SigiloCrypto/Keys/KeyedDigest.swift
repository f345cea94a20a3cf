package import Crypto
package import Foundation

/// HMAC-SHA-256 of a normalised value under a purpose key: an exact-match lookup column
/// (a blind index) that reveals nothing without the key, not even which rows share a value
/// across deployments.
package struct KeyedDigest: Sendable {
    private let key: SymmetricKey

    /// - Parameter key: A 256-bit key for this purpose (``MasterKey/derive(_:)``).
    package init(key: SymmetricKey) {
        self.key = key
    }

    /// The 32-byte digest of `value`'s UTF-8 bytes.
    package func digest(_ value: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key))
    }
}
