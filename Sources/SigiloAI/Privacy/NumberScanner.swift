/// Finds phone numbers, CPF, CNPJ, CEP and card numbers: runs of digit groups joined by at
/// most two of ` -./()`, segmented into the longest candidates that have a known shape.
///
/// A run such as `CPF 123.456.789-09 11 91234-5678` is one run of seven groups; trying the
/// longest match first at each group splits it into a CPF and a phone. Prices (`1.234,56`),
/// dates (`12/05/2024`) and order numbers under 11 digits match no shape.
enum NumberScanner {
    /// One group of digits inside a run.
    struct Group {
        var range: Range<Int>
        /// The separator scalars before it (empty for the first group).
        var separator: [UInt8]
    }

    /// Appends the spans found in `text` to `spans`.
    /// - Parameters:
    ///   - text: The folded text.
    ///   - knownPhones: National digits of phones the CRM knows (matched in any shape).
    ///   - spans: Where to add what was found.
    static func scan(_ text: FoldedText, knownPhones: Set<[UInt8]>, into spans: inout [PIISpan]) {
        var index = 0
        var groups: [Group] = []
        while index < text.count {
            let startsRun =
                text.isDigit(index)
                || ((text.folded[index] == UInt8(ascii: "+") || text.folded[index] == UInt8(ascii: "("))
                    && index + 1 < text.count && text.isDigit(index + 1))
            guard startsRun, !text.isWordScalar(index - 1) else {
                index += 1
                continue
            }
            let prefix = text.isDigit(index) ? UInt8(0) : text.folded[index]
            groups.removeAll(keepingCapacity: true)
            index = readRun(text, from: prefix == 0 ? index : index + 1, into: &groups)
            segment(text, groups: groups, prefix: prefix, knownPhones: knownPhones, into: &spans)
        }
    }

    /// Reads digit groups from `start`; returns the index after the last digit.
    private static func readRun(_ text: FoldedText, from start: Int, into groups: inout [Group]) -> Int {
        var index = start
        var separator: [UInt8] = []
        while groups.count < 12 {
            let begin = index
            while index < text.count, text.isDigit(index) { index += 1 }
            groups.append(Group(range: begin..<index, separator: separator))
            var next = index
            separator = []
            while next < text.count, separator.count < 2, isSeparator(text.folded[next]) {
                separator.append(text.folded[next])
                next += 1
            }
            guard !separator.isEmpty, next < text.count, text.isDigit(next) else { break }
            index = next
        }
        return index
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("),
            UInt8(ascii: ")"):
            true
        default: false
        }
    }

    /// Tries, at each group, the longest candidate with a known shape.
    private static func segment(
        _ text: FoldedText,
        groups: [Group],
        prefix: UInt8,
        knownPhones: Set<[UInt8]>,
        into spans: inout [PIISpan]
    ) {
        var first = 0
        while first < groups.count {
            var matched = false
            for length in stride(from: min(groups.count - first, 6), through: 1, by: -1) {
                let candidate = groups[first..<(first + length)]
                if text.isLetter(candidate.last!.range.upperBound) { continue }
                let shape = NumberShape(text: text, groups: candidate, prefix: first == 0 ? prefix : 0)
                guard let (kind, key) = shape.classify(knownPhones: knownPhones) else { continue }
                var lower = candidate.first!.range.lowerBound
                if first == 0, prefix != 0 { lower -= 1 }
                var upper = candidate.last!.range.upperBound
                // "(11)" closes after its digits: keep the parenthesis with the number.
                if first == 0, prefix == UInt8(ascii: "("), length == 1, upper < text.count,
                    text.folded[upper] == UInt8(ascii: ")")
                {
                    upper += 1
                }
                spans.append(PIISpan(range: lower..<upper, kind: kind, key: key))
                first += length
                matched = true
                break
            }
            if !matched { first += 1 }
        }
    }
}
