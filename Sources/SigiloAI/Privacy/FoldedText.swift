/// A text read once for scanning: one folded byte per Unicode scalar (ASCII lower-cased,
/// Latin-1 letters without their accents, other letters as ``otherLetter``, other non-ASCII
/// as ``other``), with each scalar's UTF-8 offset so spans map back to the original bytes.
///
/// Every detector of the minimiser runs over this array: no regular expressions
/// (NSRegularExpression is slow on Linux; the p99 target for 2,000 characters is 1 ms).
struct FoldedText {
    /// A letter outside Latin-1 (kept as part of words, never equal to an ASCII letter).
    static let otherLetter: UInt8 = 1
    /// A non-ASCII scalar that is not a letter (emoji, dashes, symbols).
    static let other: UInt8 = 0

    /// The original UTF-8 bytes.
    let bytes: [UInt8]
    /// One folded byte per scalar.
    private(set) var folded: [UInt8] = []
    /// The UTF-8 offset of each scalar, plus the end.
    private(set) var offsets: [Int] = []

    init(_ text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
        self.bytes = bytes
        folded.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            folded.append(Self.fold(scalar))
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
    }

    /// The number of scalars.
    var count: Int { folded.count }

    /// Whether scalar `index` is a letter.
    func isLetter(_ index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        let byte = folded[index]
        return (byte >= 0x61 && byte <= 0x7A) || byte == Self.otherLetter
    }

    /// Whether scalar `index` is an ASCII digit.
    func isDigit(_ index: Int) -> Bool {
        index >= 0 && index < count && folded[index] >= 0x30 && folded[index] <= 0x39
    }

    /// Whether scalar `index` is a letter or digit (inside a word).
    func isWordScalar(_ index: Int) -> Bool { isLetter(index) || isDigit(index) }

    /// Whether scalar `index` was an upper-case letter (ASCII or Latin-1).
    func isUpper(_ index: Int) -> Bool {
        let first = bytes[offsets[index]]
        if first >= 0x41 && first <= 0x5A { return true }
        guard first == 0xC3, offsets[index] + 1 < bytes.count else { return false }
        let second = bytes[offsets[index] + 1]
        return second >= 0x80 && second <= 0x9E && second != 0x97
    }

    /// Whether the folded scalars from `index` spell `word` (folded ASCII).
    func matches(_ word: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= count else { return false }
        for (offset, byte) in word.enumerated() where folded[index + offset] != byte { return false }
        return true
    }

    /// The original text of scalars `range`.
    func original(_ range: Range<Int>) -> String {
        String(decoding: bytes[offsets[range.lowerBound]..<offsets[range.upperBound]], as: UTF8.self)
    }

    /// The folded bytes of `range` as a string (a key that ignores case and accents).
    func key(_ range: Range<Int>) -> String { String(decoding: folded[range], as: UTF8.self) }

    /// Folds one scalar.
    static func fold(_ scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(value)
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        if value == 0xA0 || value == 0x202F { return UInt8(ascii: " ") }
        if value == 0xAA { return UInt8(ascii: "a") }
        if value == 0xBA { return UInt8(ascii: "o") }
        if value >= 0xC0 && value <= 0xFF {
            let folded = latin1[Int(value - 0xC0)]
            return folded == UInt8(ascii: "*") ? other : folded
        }
        return scalar.properties.isAlphabetic ? otherLetter : other
    }

    /// U+00C0…U+00FF without accents, lower-case; `*` for × and ÷.
    private static let latin1: [UInt8] = Array("aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty".utf8)
}
