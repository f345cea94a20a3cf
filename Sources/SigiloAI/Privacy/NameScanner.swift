/// Finds people's names: those the CRM knows (each full name and each of its parts of
/// three letters or more, connectors excluded), matched on word boundaries ignoring case and
/// accents; and names people introduce ("meu nome é Ana Souza", "me chamo João").
struct NameScanner {
    /// Folded words of each pattern, longest first.
    private var patterns: [[[UInt8]]]

    private static let connectors: Set<[UInt8]> = Set(
        ["de", "da", "do", "das", "dos", "e", "del", "di", "van", "von"].map { Array($0.utf8) }
    )
    private static let introductions: [[[UInt8]]] = [
        ["meu", "nome", "e"], ["me", "chamo"], ["aqui", "e", "o"], ["aqui", "e", "a"], ["sou", "o"], ["sou", "a"],
    ].map { $0.map { Array($0.utf8) } }

    /// Prepares the patterns of `names`.
    init(names: [String]) {
        patterns = []
        for name in names { _ = learn(FoldedText(name).words().map { $0.folded }) }
    }

    /// Adds a name (folded words) and its parts; false when nothing was new.
    mutating func learn(_ words: [[UInt8]]) -> Bool {
        guard !words.isEmpty else { return false }
        var added = false
        for pattern in [words] + words.filter({ $0.count >= 3 && !Self.connectors.contains($0) }).map({ [$0] })
        where !patterns.contains(pattern) {
            patterns.append(pattern)
            added = true
        }
        if added { patterns.sort { $0.count > $1.count } }
        return added
    }

    func scan(_ text: FoldedText, into spans: inout [PIISpan]) {
        let words = text.words()
        guard !words.isEmpty else { return }
        for start in words.indices {
            for pattern in patterns where start + pattern.count <= words.count {
                if matches(pattern, words: words, from: start, in: text) {
                    let range = words[start].range.lowerBound..<words[start + pattern.count - 1].range.upperBound
                    spans.append(PIISpan(range: range, kind: .name, key: Self.key(pattern)))
                    break
                }
            }
            introduced(words, after: start, in: text, into: &spans)
        }
    }

    private func matches(_ pattern: [[UInt8]], words: [FoldedText.Word], from start: Int, in text: FoldedText) -> Bool {
        for (offset, part) in pattern.enumerated() {
            let word = words[start + offset]
            guard word.folded == part else { return false }
            if offset > 0, !text.onlySpaces(words[start + offset - 1].range.upperBound..<word.range.lowerBound) {
                return false
            }
        }
        return true
    }

    /// A name after an introduction: capitalised words, connectors between them allowed.
    private func introduced(
        _ words: [FoldedText.Word],
        after start: Int,
        in text: FoldedText,
        into spans: inout [PIISpan]
    ) {
        for phrase in Self.introductions where start + phrase.count < words.count {
            guard phrase.indices.allSatisfy({ words[start + $0].folded == phrase[$0] }) else { continue }
            var end = start + phrase.count
            var last: Int?
            while end < words.count, end - start - phrase.count < 5 {
                let word = words[end]
                if end > start + phrase.count, !text.onlySpaces(words[end - 1].range.upperBound..<word.range.lowerBound)
                {
                    break
                }
                if text.isUpper(word.range.lowerBound) {
                    last = end
                } else if !(Self.connectors.contains(word.folded) && last != nil) {
                    break
                }
                end += 1
            }
            guard let last else { continue }
            let first = start + phrase.count
            let key = Self.key(words[first...last].map(\.folded))
            spans.append(
                PIISpan(
                    range: words[first].range.lowerBound..<words[last].range.upperBound,
                    kind: .name,
                    key: key,
                    introduced: true
                )
            )
        }
    }

    private static func key(_ words: [[UInt8]]) -> String {
        String(decoding: Array(words.joined(separator: [UInt8(ascii: " ")])), as: UTF8.self)
    }
}

extension FoldedText {
    /// A run of letters.
    struct Word {
        var range: Range<Int>
        var folded: [UInt8]
    }

    /// The words of the text, in order.
    func words() -> [Word] {
        var words: [Word] = []
        var index = 0
        while index < count {
            guard isLetter(index) else {
                index += 1
                continue
            }
            let start = index
            while isLetter(index) { index += 1 }
            words.append(Word(range: start..<index, folded: Array(folded[start..<index])))
        }
        return words
    }

    /// Whether `range` holds only spaces (and at least one).
    func onlySpaces(_ range: Range<Int>) -> Bool {
        !range.isEmpty && range.allSatisfy { folded[$0] == UInt8(ascii: " ") || folded[$0] == 0x0A }
    }
}
