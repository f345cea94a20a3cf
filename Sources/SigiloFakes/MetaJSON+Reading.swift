package import Foundation

/// Reading request bodies: `MetaJSON` decoded from any JSON (object keys then come sorted, as
/// decoding does not keep their order), with small typed accessors.
extension MetaJSON: Decodable {
    private struct JSONKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value.
    package init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: JSONKey.self) {
            let keys = object.allKeys.sorted { $0.stringValue < $1.stringValue }
            self = .object(try keys.map { ($0.stringValue, try object.decode(MetaJSON.self, forKey: $0)) })
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var values: [MetaJSON] = []
            while !array.isAtEnd { values.append(try array.decode(MetaJSON.self)) }
            self = .array(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Parses `data` as JSON.
    package static func parse(_ data: Data) throws -> MetaJSON {
        try JSONDecoder().decode(MetaJSON.self, from: data)
    }

    /// The member `key` of an object; nil for anything else.
    package subscript(key: String) -> MetaJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The text of a string.
    package var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// An integer, or an integer written as a string.
    package var int: Int? {
        switch self {
        case .int(let value): value
        case .string(let text): Int(text)
        default: nil
        }
    }

    /// A number of either kind.
    package var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// A boolean.
    package var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The elements of an array.
    package var array: [MetaJSON]? {
        guard case .array(let values) = self else { return nil }
        return values
    }
}
