package import Foundation

/// A JSON value whose objects keep their keys in the order written, serialised the way Meta
/// serialises webhook bodies: every non-ASCII character as `\uXXXX` (lowercase hex, UTF-16,
/// so an emoji becomes a surrogate pair) and `/` as `\/`.
///
/// The fake writes its webhooks with this, never with `JSONEncoder`: a receiver that parses
/// and re-serialises a body before checking its signature must fail here as it fails with
/// Meta (reference §2).
package enum MetaJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([MetaJSON])
    /// Members in order; a key appears once.
    case object([(String, MetaJSON)])

    /// An object of the non-nil members of `members`, in order.
    package static func fields(_ members: KeyValuePairs<String, MetaJSON?>) -> MetaJSON {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// The exact bytes Meta would send for this value (no whitespace).
    package var bytes: [UInt8] {
        var output: [UInt8] = []
        write(into: &output)
        return output
    }

    /// ``bytes`` as `Data`.
    package var data: Data { Data(bytes) }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .int(let value): output += Array(String(value).utf8)
        case .double(let value): output += Array(Self.format(value).utf8)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                member.1.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for unit in value.utf16 {
            switch unit {
            case 0x22: output += Array(#"\""#.utf8)
            case 0x5C: output += Array(#"\\"#.utf8)
            case 0x2F: output += Array(#"\/"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x20..<0x7F: output.append(UInt8(unit))
            default: output += Array(escape(unit).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func escape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

extension MetaJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension MetaJSON: ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    package init(arrayLiteral elements: MetaJSON...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, MetaJSON)...) { self = .object(elements) }
}
