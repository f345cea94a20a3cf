/// The identifier that ties one HTTP request to its logs, audit events and error body.
///
/// A client may send its own in `X-Request-ID` so it can correlate with its logs; we keep it
/// only when it is short and made of safe characters, because it is echoed into logs and
/// responses and must not carry log-injection payloads, PII or control characters.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    /// The longest client-supplied id we keep.
    public static let maximumLength = 128

    /// The identifier text.
    public let value: String

    /// Accepts a client-supplied identifier if it is 1–128 characters of `A–Z a–z 0–9 - _ . : /`.
    /// - Parameter candidate: The header value as received.
    /// - Returns: `nil` when the candidate is unsafe; the caller generates a new one.
    public init?(validating candidate: String) {
        guard !candidate.isEmpty, candidate.utf8.count <= Self.maximumLength,
            candidate.utf8.allSatisfy(Self.isAllowed)
        else { return nil }
        self.value = candidate
    }

    /// Generates a random identifier: 16 bytes from the system's CSPRNG, hex-encoded.
    public static func generate() -> RequestID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return RequestID(unchecked: Self.hex(high) + Self.hex(low))
    }

    public var description: String { value }

    private init(unchecked value: String) {
        self.value = value
    }

    private static func hex(_ number: UInt64) -> String {
        let digits = String(number, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
