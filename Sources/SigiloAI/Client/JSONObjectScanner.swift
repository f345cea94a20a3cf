/// Finds JSON objects inside free text: a model asked for JSON often wraps it in a code
/// fence or a sentence ("Claro! ```json {…} ```"), or adds prose after it.
///
/// A hand-written scan over UTF-8 bytes: braces are counted outside strings only, and
/// escapes inside strings are skipped, so `{"a":"}"}` is one object.
package enum JSONObjectScanner {
    /// Every balanced `{…}` in `text`, in order, outermost only; at most `limit`.
    /// - Parameters:
    ///   - text: The model's answer.
    ///   - limit: The most candidates returned.
    package static func objects(in text: String, limit: Int = 8) -> [Substring] {
        let bytes = Array(text.utf8)
        var found: [Substring] = []
        var start = 0
        while found.count < limit, let open = bytes[start...].firstIndex(of: UInt8(ascii: "{")) {
            if let close = matchingClose(bytes, from: open) {
                let utf8 = text.utf8
                let lower = utf8.index(utf8.startIndex, offsetBy: open)
                let upper = utf8.index(utf8.startIndex, offsetBy: close + 1)
                found.append(text[lower..<upper])
                start = close + 1
            } else {
                start = open + 1
            }
        }
        return found
    }

    /// The index of the `}` closing the `{` at `open`, or nil when it never closes.
    private static func matchingClose(_ bytes: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = open
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return nil
    }
}
