/// The positional variables of a template text (`Olá {{1}}, vence {{2}}.`) and the literal
/// text around them, read once and used both to validate and to render.
///
/// A variable is `{{`, a number from 1 to 999 without a leading zero, and `}}`, with no spaces.
/// Any other `{{` (`{{ 1 }}`, `{{0}}`, `{{a}}`, a lone `{{`) and any `}}` outside a variable
/// is malformed: Meta would read it differently or not at all. Single braces are plain text.
/// The parser walks the UTF-8 bytes once and keeps index ranges, not copies of the text.
package struct TemplateVariables: Sendable, Equatable {
    /// The text that was parsed.
    package let text: String
    /// The variable numbers in order of appearance; a repeated variable appears each time.
    package let numbers: [Int]
    /// The ranges of the literal text before, between and after the variables:
    /// always `numbers.count + 1` of them, possibly empty.
    package let literalRanges: [Range<String.Index>]

    /// Where a text's variables are malformed; it names no content, only a position.
    package struct Malformed: Error, Sendable, Equatable {
        /// The offset, in UTF-8 bytes, of the first malformed `{{` or `}}`.
        package let utf8Offset: Int
    }

    /// Parses `text`.
    /// - Parameter text: A template text.
    /// - Throws: ``Malformed`` at the first brace pair that is not a well-formed variable.
    package init(parsing text: String) throws(Malformed) {
        let bytes = text.utf8
        var numbers: [Int] = []
        var literalRanges: [Range<String.Index>] = []
        var literalStart = bytes.startIndex
        var index = bytes.startIndex
        var offset = 0
        while index != bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index)
            let doubled = next != bytes.endIndex && bytes[next] == byte
            if byte == UInt8(ascii: "}"), doubled { throw Malformed(utf8Offset: offset) }
            guard byte == UInt8(ascii: "{"), doubled else {
                index = next
                offset += 1
                continue
            }
            var cursor = bytes.index(after: next)
            var number = 0
            var digits = 0
            while cursor != bytes.endIndex, digits < 4, case let digit = bytes[cursor],
                digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9")
            {
                number = number * 10 + Int(digit - UInt8(ascii: "0"))
                digits += 1
                cursor = bytes.index(after: cursor)
            }
            guard (1...3).contains(digits), number >= 1, bytes[bytes.index(after: next)] != UInt8(ascii: "0"),
                cursor != bytes.endIndex, bytes[cursor] == UInt8(ascii: "}"),
                case let closing = bytes.index(after: cursor), closing != bytes.endIndex,
                bytes[closing] == UInt8(ascii: "}")
            else { throw Malformed(utf8Offset: offset) }
            literalRanges.append(literalStart..<index)
            numbers.append(number)
            index = bytes.index(after: closing)
            literalStart = index
            offset += 4 + digits
        }
        literalRanges.append(literalStart..<bytes.endIndex)
        self.text = text
        self.numbers = numbers
        self.literalRanges = literalRanges
    }

    /// The literal text before, between and after the variables (`numbers.count + 1` pieces).
    package var literals: [Substring] { literalRanges.map { text[$0] } }

    /// The highest variable number, 0 when there is none: how many values a send must give.
    package var highest: Int { numbers.max() ?? 0 }

    /// Whether the variables used are exactly `{{1}}` to `{{highest}}`, each at least once.
    package var isNumberedWithoutGaps: Bool {
        var seen = [Bool](repeating: false, count: highest)
        for number in numbers { seen[number - 1] = true }
        return !seen.contains(false)
    }

    /// The text with each `{{n}}` replaced by `values[n - 1]`.
    /// - Parameter values: At least ``highest`` values.
    package func substituting(_ values: [String]) -> String {
        precondition(values.count >= highest, "a value for every variable")
        var output = ""
        output.reserveCapacity(text.utf8.count + values.reduce(0) { $0 + $1.utf8.count })
        for (position, number) in numbers.enumerated() {
            output += text[literalRanges[position]]
            output += values[number - 1]
        }
        output += text[literalRanges[numbers.count]]
        return output
    }
}
