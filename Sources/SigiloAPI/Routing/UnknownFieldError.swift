/// A request body carried a field its type does not declare.
struct UnknownFieldError: Error {
    /// The offending field's path, sanitised for the error message.
    var path: String
}

/// A decoding key that accepts any name, to list what a JSON object actually holds.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws when the object being decoded has keys outside `Keys`.
    ///
    /// Call it first in `init(from:)` of request bodies where a silently ignored field would
    /// hurt (a misspelt `consent` flag must not pass as absent). The rejected name is echoed
    /// back only after being cut to 64 safe characters.
    /// - Parameter keys: The type's `CodingKeys`, declared `CaseIterable`.
    package func rejectUnknownFields<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let known = Set(keys.allCases.map(\.stringValue))
        let present = try container(keyedBy: AnyKey.self).allKeys
        guard let unknown = present.first(where: { !known.contains($0.stringValue) }) else { return }
        let filtered = String(
            unknown.stringValue.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }.prefix(64)
        )
        let safeName = filtered.isEmpty ? "(unprintable name)" : filtered
        let parent = FieldPath.render(codingPath)
        throw UnknownFieldError(path: parent == "(body)" ? safeName : parent + "." + safeName)
    }
}
