import Foundation

/// Checks shared by the CRM's request bodies; each failure names the field and what it must
/// be, never the value given.
enum FieldRules {
    /// Trimmed text of `range` Unicode scalars with no control characters (new lines allowed when
    /// `multiline`).
    static func text(
        _ value: String,
        field: String,
        characters range: ClosedRange<Int>,
        multiline: Bool = false
    ) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let controls = trimmed.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(multiline && (scalar == "\n" || scalar == "\t"))
        }
        // Unicode scalars, as PostgreSQL's length() counts: a flag emoji is two, so a limit
        // checked here is never exceeded by a CHECK constraint there.
        guard range.contains(trimmed.unicodeScalars.count), !controls else {
            let lines = multiline ? "" : " without line breaks or control characters"
            throw APIError.invalidField(
                field,
                expected: "\(range.lowerBound) to \(range.upperBound) characters\(lines)"
            )
        }
        return trimmed
    }

    /// One of `allowed`, naming them in the error.
    static func oneOf<Value: RawRepresentable & CaseIterable>(
        _ value: String,
        as type: Value.Type,
        field: String
    ) throws -> Value where Value.RawValue == String {
        guard let parsed = Value(rawValue: value) else {
            let names = Value.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw APIError.invalidField(field, expected: "one of \(names)")
        }
        return parsed
    }

    /// At most `maximum` entries.
    static func count(_ values: [some Any], field: String, maximum: Int) throws {
        guard values.count <= maximum else {
            throw APIError.invalidField(field, expected: "a list of at most \(maximum) entries")
        }
    }

    /// An RFC 3339 timestamp (`2026-11-23T14:05:00Z`, fractional seconds and offsets allowed).
    static func timestamp(_ value: String, field: String) throws -> Date {
        if let date = try? Date(value, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? fractional.parse(value) { return date }
        throw APIError.invalidField(field, expected: "an RFC 3339 timestamp such as 2026-11-23T14:05:00Z")
    }
}
