import Foundation

/// An `application/x-www-form-urlencoded` body (RFC 6749 §4.4.2, RFC 7662 §2.1).
///
/// A parameter sent twice is refused, as RFC 6749 §3.2 requires ("MUST NOT be included
/// more than once").
struct FormBody: Sendable {
    let values: [String: String]

    /// Parses `text`; `nil` when it is malformed or repeats a parameter.
    init?(_ text: String) {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty,
                let value = Self.decode(parts.count == 2 ? parts[1] : ""),
                values[name] == nil
            else { return nil }
            values[name] = value
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    /// Form decoding: `+` is a space, then percent-decoding.
    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
