/// One candidate of ``NumberScanner``: its digits, group lengths and separators, and what
/// kind of number that shape is.
struct NumberShape {
    /// Digit values (0–9).
    var digits: [UInt8] = []
    var lengths: [Int] = []
    /// The first separator scalar before each group after the first.
    var separators: [UInt8] = []
    /// `+`, `(` or 0 before the first group.
    var prefix: UInt8
    /// Whether "cpf" or "cep" is written just before (a bare 11- or 8-digit run then is one).
    var saysCPF: Bool
    var saysCEP: Bool

    init(text: FoldedText, groups: ArraySlice<NumberScanner.Group>, prefix: UInt8) {
        self.prefix = prefix
        for group in groups {
            for index in group.range { digits.append(text.folded[index] - 0x30) }
            lengths.append(group.range.count)
            if let separator = group.separator.first(where: { $0 != UInt8(ascii: " ") }) ?? group.separator.first,
                group.range.lowerBound != groups.first!.range.lowerBound
            {
                separators.append(separator)
            }
        }
        let start = groups.first!.range.lowerBound
        saysCPF = Self.mentions(Array("cpf".utf8), before: start, in: text)
        saysCEP = Self.mentions(Array("cep".utf8), before: start, in: text)
    }

    /// The kind and comparison key of this shape, or nil when it is no personal number.
    func classify(knownPhones: Set<[UInt8]>) -> (PIIKind, String)? {
        let formatted = lengths.count > 1
        if hasShape([3, 3, 3, 2], ".", ".", "-") { return (.cpf, key(digits)) }
        if hasShape([2, 3, 3, 4, 2], ".", ".", "/", "-") { return (.cnpj, key(digits)) }
        if hasShape([5, 3], "-") || hasShape([2, 3, 3], ".", "-") || (!formatted && digits.count == 8 && saysCEP) {
            return (.cep, key(digits))
        }
        if !formatted, digits.count == 14, DocumentNumbers.isValidCNPJ(digits) { return (.cnpj, key(digits)) }
        if !formatted, digits.count == 11, DocumentNumbers.isValidCPF(digits), saysCPF || !isMobile(digits) {
            return (.cpf, key(digits))
        }
        if let national = phone(knownPhones: knownPhones) { return (.phone, key(national)) }
        if (13...19).contains(digits.count),
            separators.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }),
            lengths.allSatisfy({ $0 >= 4 }), prefix == 0, DocumentNumbers.isLuhnValid(digits)
        {
            return (.card, key(digits))
        }
        return nil
    }

    /// The national digits when this is a phone number.
    private func phone(knownPhones: Set<[UInt8]>) -> [UInt8]? {
        var national = digits
        if (12...13).contains(digits.count), digits[0] == 5, digits[1] == 5 { national.removeFirst(2) }
        if knownPhones.contains(national) || (digits.count >= 8 && knownPhones.contains(digits)) { return national }
        let decorated = lengths.count > 1 || prefix != 0 || national.count != digits.count
        if isMobile(national) { return national }
        if national.count == 10, decorated, DocumentNumbers.isAreaCode(national[0], national[1]),
            (2...5).contains(national[2])
        {
            return national
        }
        // A local mobile without area code, written 91234-5678 or 9 1234-5678.
        if national.count == 9, national[0] == 9, lengths.last == 4, separators.last == UInt8(ascii: "-") {
            return national
        }
        // Another country's number, written with +.
        if prefix == UInt8(ascii: "+"), !(digits[0] == 5 && digits[1] == 5), (8...15).contains(digits.count) {
            return digits
        }
        return nil
    }

    /// An 11-digit mobile number: area code, then 9.
    private func isMobile(_ national: [UInt8]) -> Bool {
        national.count == 11 && DocumentNumbers.isAreaCode(national[0], national[1]) && national[2] == 9
    }

    private func hasShape(_ expected: [Int], _ marks: Character...) -> Bool {
        lengths == expected && separators.elementsEqual(marks.map { $0.asciiValue! })
    }

    private func key(_ values: [UInt8]) -> String { String(decoding: values.map { $0 + 0x30 }, as: UTF8.self) }

    /// Whether `word` ends within the 16 scalars before `index`.
    private static func mentions(_ word: [UInt8], before index: Int, in text: FoldedText) -> Bool {
        var start = index - word.count
        while start >= max(0, index - 16) {
            if text.matches(word, at: start), !text.isWordScalar(start - 1), !text.isWordScalar(start + word.count) {
                return true
            }
            start -= 1
        }
        return false
    }
}
