import Crypto
package import Foundation

/// The `X-Hub-Signature-256` check of a Meta webhook POST: HMAC-SHA-256 of the exact raw body
/// bytes under the app secret, compared in constant time.
///
/// The raw bytes, never a re-serialisation: Meta escapes non-ASCII text as `\uXXXX`, so a body
/// parsed and written again (Portuguese accents, emoji) no longer matches its signature.
package struct WebhookSignature: Sendable {
    private let appSecret: SymmetricKey

    /// - Parameter appSecret: The Meta app's secret (App Dashboard → Settings → Basic), not the
    ///   verify token nor the access token.
    package init(appSecret: some ContiguousBytes) {
        self.appSecret = SymmetricKey(data: appSecret)
    }

    /// Whether `header` (`sha256=<64 hex digits>`) signs `body`. A missing or malformed header
    /// is simply not valid; nothing about the expected value is revealed.
    package func isValid(body: some DataProtocol, header: String?) -> Bool {
        guard let header, let mac = Self.macBytes(header) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: appSecret)
    }

    /// The header value for `body`, as Meta computes it (tests and the fake Graph API).
    package func header(for body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: appSecret)
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The 32 bytes of `sha256=<hex>`; hex digits of either case.
    private static func macBytes(_ header: String) -> [UInt8]? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("sha256=") else { return nil }
        let hex = Array(trimmed.utf8.dropFirst(7))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
