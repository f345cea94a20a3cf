/// Writes chat fine-tuning lines, `{"messages":[{"role":"…","content":"…"}]}`, with keys in
/// that order and strings escaped per RFC 8259 (control characters, quote, backslash).
enum JSONLWriter {
    static func append(_ messages: [ChatMessage], to output: inout [UInt8]) {
        output += Array(#"{"messages":["#.utf8)
        for (index, message) in messages.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += Array(#"{"role":""#.utf8)
            output += Array(message.role.rawValue.utf8)
            output += Array(#"","content":"#.utf8)
            appendString(message.content, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        output += Array("]}\n".utf8)
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                output += Array(#"\u00"#.utf8)
                output += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
