import Foundation

extension UUID {
    /// The canonical lower-case form (RFC 9562) used on the wire and in URLs; Foundation's
    /// `uuidString` is upper-case.
    var lowercasedString: String { uuidString.lowercased() }
}
