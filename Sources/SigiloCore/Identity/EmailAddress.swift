import Foundation

/// An e-mail address in the one form Sigilo stores and looks up: trimmed and lower-cased.
///
/// Validation is deliberately modest (one `@`, a dot in the domain, no spaces, at most 254
/// characters): deliverability is proven by use, not by a regular expression.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The normalised address.
    public let value: String

    /// Normalises and checks `text`; `nil` when it is not an address.
    public init?(_ text: String) {
        let normalised = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
        guard normalised.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !normalised.contains(where: { $0.isWhitespace || $0.isNewline })
        else { return nil }
        self.value = normalised
    }

    /// Redacted: an address is personal data and must not reach logs through interpolation.
    public var description: String { "<email>" }
}
