/// Finds placeholders in a model's answer, written carefully or not, and swaps in the
/// values they stand for.
enum PlaceholderRestorer {
    static func restore(_ answer: String, table: PseudonymTable) -> String {
        let text = FoldedText(answer)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < text.count {
            guard let (range, kind, number) = placeholder(in: text, at: index),
                let value = table.original(kind: kind, number: number)
            else {
                index += 1
                continue
            }
            output.append(contentsOf: text.bytes[copied..<text.offsets[range.lowerBound]])
            output.append(contentsOf: value.utf8)
            copied = text.offsets[range.upperBound]
            index = range.upperBound
        }
        guard copied > 0 else { return answer }
        output.append(contentsOf: text.bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// A placeholder starting at `start`: `[`? label (`_` or space) digits `]`?.
    private static func placeholder(in text: FoldedText, at start: Int) -> (Range<Int>, PIIKind, Int)? {
        var index = start
        let bracketed = text.folded[index] == UInt8(ascii: "[")
        if bracketed {
            index += 1
        } else if text.isWordScalar(start - 1) || (start > 0 && text.folded[start - 1] == UInt8(ascii: "_")) {
            return nil
        }
        guard text.isLetter(index),
            let kind = PIIKind.allCases.first(where: { text.matches($0.foldedLabel, at: index) })
        else { return nil }
        index += kind.foldedLabel.count
        guard text.folded.indices.contains(index),
            text.folded[index] == UInt8(ascii: "_") || text.folded[index] == UInt8(ascii: " ")
        else { return nil }
        index += 1
        var number = 0
        let digitsStart = index
        while text.isDigit(index), index - digitsStart < 6 {
            number = number * 10 + Int(text.folded[index] - 0x30)
            index += 1
        }
        guard index > digitsStart, !text.isDigit(index) else { return nil }
        if text.folded.indices.contains(index), text.folded[index] == UInt8(ascii: "]") {
            index += 1
        } else if text.isLetter(index) {
            return nil
        }
        return (start..<index, kind, number)
    }
}
