/// Minimal JSON text writing, with no Foundation encoder on hot paths (log lines, audit
/// details, export lines).
package enum JSONText {
    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and control characters.
    package static func appendString(_ text: String, to output: inout String) {
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}

extension JSONText {
    /// A flat string dictionary as a JSON object, keys sorted.
    package static func object(_ dictionary: [String: String]) -> String {
        var output = "{"
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { output.append(",") }
            appendString(key, to: &output)
            output.append(":")
            appendString(dictionary[key] ?? "", to: &output)
        }
        output.append("}")
        return output
    }
}
