/// Splits a migration file into statements, so each can run through the extended query
/// protocol (PostgresNIO has no simple-query API, and the extended protocol takes one
/// statement at a time).
///
/// Semicolons inside quoted text are not separators: `'…'` strings (with `''` and, for
/// `E'…'`, backslash escapes), `"…"` identifiers, `$tag$…$tag$` bodies, `--` line comments
/// and nested `/* … */` comments are all skipped over.
enum SQLScript {
    /// One statement and the line of the file where it starts, for error messages.
    struct Statement: Equatable, Sendable {
        var text: String
        var line: Int
    }

    /// The statements of `script`, trimmed, without empty or comment-only ones.
    static func statements(in script: String) -> [Statement] {
        var scanner = Scanner(bytes: Array(script.utf8))
        var statements: [Statement] = []
        var start = 0
        var startLine = 1
        while let separator = scanner.nextSeparator() {
            append(scanner.bytes[start..<separator], line: startLine, to: &statements)
            start = separator + 1
            startLine = scanner.line
        }
        append(scanner.bytes[start...], line: startLine, to: &statements)
        return statements
    }

    private static func append(_ slice: ArraySlice<UInt8>, line: Int, to statements: inout [Statement]) {
        let text = String(decoding: slice, as: UTF8.self)
        guard hasCode(text) else { return }
        let leading = text.prefix(while: \.isWhitespace)
        let trimmed = text.drop(while: \.isWhitespace)
        let skippedLines = leading.filter(\.isNewline).count
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)].isWhitespace {
            end = trimmed.index(before: end)
        }
        statements.append(Statement(text: String(trimmed[..<end]), line: line + skippedLines))
    }

    /// Whether `text` holds anything besides whitespace and comments.
    static func hasCode(_ text: String) -> Bool {
        firstWord(of: text) != nil
    }

    /// The first keyword of a statement, upper-cased, skipping comments (`BEGIN`, `CREATE`, …).
    static func firstWord(of text: String) -> String? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let start = scanner.firstCodeByte() else { return nil }
        let word = scanner.bytes[start...].prefix { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
        }
        return word.isEmpty ? "" : String(decoding: word, as: UTF8.self).uppercased()
    }
}
