/// Finds e-mail addresses: around each `@`, the local part's characters to the left and a
/// domain with at least one dot and a final label of two letters or more to the right.
enum EmailScanner {
    static func scan(_ text: FoldedText, into spans: inout [PIISpan]) {
        var index = 0
        while index < text.count {
            defer { index += 1 }
            guard text.folded[index] == UInt8(ascii: "@") else { continue }
            var start = index
            while start > 0, isLocal(text, start - 1) { start -= 1 }
            while start < index, text.folded[start] == UInt8(ascii: ".") { start += 1 }
            guard start < index else { continue }
            var end = index + 1
            while end < text.count, isDomain(text, end) { end += 1 }
            while end > index + 1,
                text.folded[end - 1] == UInt8(ascii: ".") || text.folded[end - 1] == UInt8(ascii: "-")
            {
                end -= 1
            }
            var lastDot = end - 1
            while lastDot > index, text.folded[lastDot] != UInt8(ascii: ".") { lastDot -= 1 }
            guard lastDot > index + 1, end - lastDot > 2 else { continue }
            spans.append(PIISpan(range: start..<end, kind: .email, key: text.key(start..<end)))
            index = end - 1
        }
    }

    private static func isLocal(_ text: FoldedText, _ index: Int) -> Bool {
        if text.isWordScalar(index) { return true }
        switch text.folded[index] {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    private static func isDomain(_ text: FoldedText, _ index: Int) -> Bool {
        text.isWordScalar(index) || text.folded[index] == UInt8(ascii: ".") || text.folded[index] == UInt8(ascii: "-")
    }
}
