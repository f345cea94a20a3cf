import Foundation

/// A quick reply's text with `{{variable}}` placeholders, filled when an agent uses it.
///
/// Known variables: `contact.name`, `contact.first_name`, `business.name`. Anything else in
/// double braces is refused when the quick reply is saved, so a typo never reaches a customer.
package enum QuickReplyText {
    package static let variables: Set<String> = ["contact.name", "contact.first_name", "business.name"]

    /// The variables `body` names, in order of first use.
    /// - Throws: ``UnknownVariable`` for a name not in ``variables``.
    package static func variables(in body: String) throws(UnknownVariable) -> [String] {
        var found: [String] = []
        for name in placeholders(body).map(\.name) where !found.contains(name) {
            guard variables.contains(name) else { throw UnknownVariable(name: name) }
            found.append(name)
        }
        return found
    }

    /// `body` with each known placeholder replaced by its value (an empty string when the
    /// value is unknown, such as a contact without a name).
    package static func render(_ body: String, values: [String: String]) -> String {
        var result = ""
        var rest = body[...]
        for placeholder in placeholders(body) {
            result += rest[..<placeholder.range.lowerBound]
            result += values[placeholder.name] ?? ""
            rest = body[placeholder.range.upperBound...]
        }
        return result + rest
    }

    package struct UnknownVariable: Error, Equatable {
        package var name: String
    }

    private static func placeholders(_ body: String) -> [(name: String, range: Range<String.Index>)] {
        var found: [(String, Range<String.Index>)] = []
        var searchFrom = body.startIndex
        while let open = body[searchFrom...].range(of: "{{"),
            let close = body[open.upperBound...].range(of: "}}")
        {
            let name = body[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            found.append((name, open.lowerBound..<close.upperBound))
            searchFrom = close.upperBound
        }
        return found
    }
}
