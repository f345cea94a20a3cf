import Crypto
package import Foundation

/// A SHA-256 value held inline (four words): compared and copied without allocating, which is
/// what lets verification walk a million events a second.
package struct Digest32: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes at `bytes`, or nil when there are not exactly 32.
    package init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 32 else { return nil }
        words = (
            bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    package init?(_ data: Data) {
        guard let digest = data.withUnsafeBytes({ Digest32($0) }) else { return nil }
        self = digest
    }

    init(_ digest: SHA256Digest) {
        self = digest.withUnsafeBytes { Digest32($0)! }
    }

    package var data: Data { withUnsafeBytes { Data($0) } }

    package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var copy = words
        return try Swift.withUnsafeBytes(of: &copy, body)
    }

    package static func == (lhs: Digest32, rhs: Digest32) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }

    package func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// SHA-256 of `prefix` (one byte, when given), then each of `parts`.
    static func sha256(prefix: UInt8? = nil, _ parts: UnsafeRawBufferPointer...) -> Digest32 {
        var hasher = SHA256()
        if var byte = prefix { Swift.withUnsafeBytes(of: &byte) { hasher.update(bufferPointer: $0) } }
        for part in parts { hasher.update(bufferPointer: part) }
        return Digest32(hasher.finalize())
    }

    /// The RFC 6962 interior node `SHA-256(0x01 ‖ left ‖ right)`.
    static func node(_ left: Digest32, _ right: Digest32) -> Digest32 {
        left.withUnsafeBytes { l in right.withUnsafeBytes { r in sha256(prefix: 0x01, l, r) } }
    }
}
