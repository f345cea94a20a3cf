/// Finds street addresses: a street word (Rua, R., Avenida, Av., Travessa, Alameda, Praça,
/// Rodovia, Estrada, Largo …), up to eight words of name, an optional comma or `nº`, and a
/// house number; then an optional complement (apto 12, casa 2, bloco B, sala 3).
///
/// Against over-redaction the name's first word must be capitalised, a connector
/// (`de`, `da`, `dos` …) or a number followed by `de` (Rua 25 de Março), and a number must
/// follow: "a rua estava molhada" is left alone.
enum AddressScanner {
    static func scan(_ text: FoldedText, into spans: inout [PIISpan]) {
        var index = 0
        while index < text.count {
            guard text.isLetter(index), !text.isWordScalar(index - 1) else {
                index += 1
                continue
            }
            var wordEnd = index
            while text.isLetter(wordEnd) { wordEnd += 1 }
            if let end = address(text, keyword: index..<wordEnd) {
                spans.append(PIISpan(range: index..<end, kind: .address, key: text.key(index..<end)))
                index = end
            } else {
                index = wordEnd
            }
        }
    }

    private static let streets: [[UInt8]] = [
        "rua", "avenida", "travessa", "alameda", "praca", "rodovia", "estrada", "largo",
    ]
    .map { Array($0.utf8) }
    private static let abbreviations: [[UInt8]] = ["r", "av", "tv", "trav", "al", "rod", "estr", "pca"]
        .map { Array($0.utf8) }
    private static let connectors: [[UInt8]] = ["de", "da", "do", "das", "dos", "d"].map { Array($0.utf8) }
    private static let numberWords: [[UInt8]] = ["n", "no", "num", "numero", "nro"].map { Array($0.utf8) }
    private static let complements: [[UInt8]] = [
        "apto", "apt", "ap", "apartamento", "casa", "bloco", "bl", "sala", "cj", "conjunto", "lote", "quadra", "qd",
    ].map { Array($0.utf8) }

    /// The end of the address starting with the word `keyword`, or nil.
    private static func address(_ text: FoldedText, keyword: Range<Int>) -> Int? {
        let word = Array(text.folded[keyword])
        var index = keyword.upperBound
        if abbreviations.contains(word) {
            let dotted = text.folded.indices.contains(index) && text.folded[index] == UInt8(ascii: ".")
            guard dotted || word == Array("av".utf8) else { return nil }
            if word == [UInt8(ascii: "r")], !text.isUpper(keyword.lowerBound) { return nil }
            if dotted { index += 1 }
        } else if !streets.contains(word) {
            return nil
        }
        guard skipSpaces(text, &index) else { return nil }
        var names = 0
        var lowercaseAllowed = false
        while names < 8 {
            if text.isDigit(index) {
                let digitsEnd = digits(text, from: index)
                var after = digitsEnd
                if names == 0, skipSpaces(text, &after),
                    connectors.contains(Array(text.folded[after..<wordEnd(text, after)]))
                {
                    index = after
                    names += 1
                    continue
                }
                return names > 0 && digitsEnd - index <= 5 ? complement(text, after: digitsEnd) : nil
            }
            guard text.isLetter(index) else { return nil }
            let end = wordEnd(text, index)
            let folded = Array(text.folded[index..<end])
            if names > 0, numberWords.contains(folded) {
                var after = end
                if text.folded.indices.contains(after), text.folded[after] == UInt8(ascii: ".") { after += 1 }
                _ = skipSpaces(text, &after)
                if text.isDigit(after) { return complement(text, after: digits(text, from: after)) }
            }
            let connector = connectors.contains(folded)
            if names == 0 { lowercaseAllowed = connector && !text.isUpper(index) }
            guard text.isUpper(index) || connector || lowercaseAllowed else { return nil }
            names += 1
            index = end
            if text.folded.indices.contains(index), text.folded[index] == UInt8(ascii: ".") { index += 1 }
            var comma = false
            if text.folded.indices.contains(index), text.folded[index] == UInt8(ascii: ",") {
                index += 1
                comma = true
            }
            guard skipSpaces(text, &index) || comma else { return nil }
        }
        return nil
    }

    /// Extends past `, apto 12` / ` - casa 2` when present.
    private static func complement(_ text: FoldedText, after end: Int) -> Int {
        var index = end
        while text.folded.indices.contains(index),
            [UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "-")].contains(text.folded[index])
        {
            index += 1
        }
        guard text.isLetter(index) else { return end }
        let wordEnd = wordEnd(text, index)
        guard complements.contains(Array(text.folded[index..<wordEnd])) else { return end }
        var next = wordEnd
        if text.folded.indices.contains(next), text.folded[next] == UInt8(ascii: ".") { next += 1 }
        _ = skipSpaces(text, &next)
        var valueEnd = next
        while text.isWordScalar(valueEnd), valueEnd - next < 6 { valueEnd += 1 }
        guard valueEnd > next, !text.isWordScalar(valueEnd) else { return end }
        return valueEnd
    }

    private static func wordEnd(_ text: FoldedText, _ start: Int) -> Int {
        var end = start
        while text.isLetter(end) { end += 1 }
        return end
    }

    private static func digits(_ text: FoldedText, from start: Int) -> Int {
        var end = start
        while text.isDigit(end) { end += 1 }
        return end
    }

    /// Skips spaces; false when there were none (the next word must be apart).
    private static func skipSpaces(_ text: FoldedText, _ index: inout Int) -> Bool {
        let start = index
        while text.folded.indices.contains(index), text.folded[index] == UInt8(ascii: " ") { index += 1 }
        return index > start
    }
}
