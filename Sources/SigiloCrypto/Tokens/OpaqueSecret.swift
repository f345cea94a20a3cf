import Crypto
package import Foundation

/// High-entropy random secrets (refresh tokens, OAuth client secrets): 256 bits, sent as
/// unpadded base64url and stored only as their SHA-256 digest.
///
/// A fast hash is enough here, unlike for passwords: nobody can guess 256 random bits, so a
/// stolen table of digests gives nothing to brute-force.
package enum OpaqueSecret {
    /// A new secret in its wire form (43 base64url characters).
    package static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncodedString()
    }

    /// The stored form of `secret`.
    package static func digest(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether `secret` hashes to `storedDigest`, comparing every byte whatever the first
    /// difference (constant time in the position of a mismatch).
    package static func matches(_ secret: String, storedDigest: Data) -> Bool {
        ConstantTime.equal(digest(secret), storedDigest)
    }
}

/// Comparisons whose duration does not depend on where two values first differ.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal; lengths are not secret.
    package static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}

extension Data {
    /// Unpadded base64url (RFC 4648 §5).
    package func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
