/// A tenant's short name, used at login: 2–63 characters of `a-z`, `0-9` and `-`, starting
/// with a letter or digit (the same rule as the `tenants.slug` CHECK constraint).
public struct TenantSlug: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// `nil` when `text` breaks the rule.
    public init?(_ text: String) {
        let allowed = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        guard (2...63).contains(text.count), allowed, text.first != "-" else { return nil }
        self.value = text
    }

    public var description: String { value }
}
