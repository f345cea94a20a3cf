extension SQLScript {
    /// A byte scanner that knows PostgreSQL's lexical rules for quotes and comments.
    struct Scanner {
        let bytes: [UInt8]
        private(set) var position = 0
        /// The 1-based line of ``position``.
        private(set) var line = 1

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// Advances to the next `;` outside quotes and comments and returns its index.
        mutating func nextSeparator() -> Int? {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: ";") {
                    defer { position += 1 }
                    return position
                }
                skipToken()
            }
            return nil
        }

        /// The index of the first byte that is neither whitespace nor inside a comment.
        mutating func firstCodeByte() -> Int? {
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                    || byte == UInt8(ascii: "\n")
                {
                    advance()
                } else if startsComment() {
                    skipToken()
                } else {
                    return position
                }
            }
            return nil
        }

        private func peek(_ offset: Int = 0) -> UInt8? {
            position + offset < bytes.count ? bytes[position + offset] : nil
        }

        private func startsComment() -> Bool {
            (peek() == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-"))
                || (peek() == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*"))
        }

        private mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where position < bytes.count {
                if bytes[position] == UInt8(ascii: "\n") { line += 1 }
                position += 1
            }
        }

        /// Skips one token: a quoted string, identifier, comment, dollar-quoted body, or one byte.
        private mutating func skipToken() {
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "'"):
                let escapes =
                    position > 0 && (bytes[position - 1] | 0x20) == UInt8(ascii: "e")
                    && !isIdentifierByte(at: position - 2)
                skipQuoted(UInt8(ascii: "'"), backslashEscapes: escapes)
            case UInt8(ascii: "\""):
                skipQuoted(UInt8(ascii: "\""), backslashEscapes: false)
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                skipBlockComment()
            case UInt8(ascii: "$") where !isIdentifierByte(at: position - 1):
                if let tag = dollarTag() { skipDollarQuoted(tag) } else { advance() }
            default:
                advance()
            }
        }

        private mutating func skipQuoted(_ quote: UInt8, backslashEscapes: Bool) {
            advance()
            while let next = peek() {
                if backslashEscapes && next == UInt8(ascii: "\\") {
                    advance(2)
                } else if next == quote {
                    advance()
                    guard peek() == quote else { return }  // a doubled quote is an escaped one
                    advance()
                } else {
                    advance()
                }
            }
        }

        private mutating func skipBlockComment() {
            var depth = 0
            while peek() != nil {
                if peek() == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                    depth += 1
                    advance(2)
                } else if peek() == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                    depth -= 1
                    advance(2)
                    if depth == 0 { return }
                } else {
                    advance()
                }
            }
        }

        /// The `$tag$` opening at ``position`` (tag may be empty), or nil for `$1` and the like.
        private func dollarTag() -> [UInt8]? {
            var end = position + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "$") {
                let byte = bytes[end]
                let isLetter =
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
                    || byte >= 0x80
                let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                guard isLetter || (isDigit && end > position + 1) else { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            return Array(bytes[position...end])
        }

        private mutating func skipDollarQuoted(_ tag: [UInt8]) {
            advance(tag.count)
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "$"), bytes[position...].starts(with: tag) {
                    advance(tag.count)
                    return
                }
                advance()
            }
        }

        private func isIdentifierByte(at index: Int) -> Bool {
            guard index >= 0, index < bytes.count else { return false }
            let byte = bytes[index]
            return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
        }
    }
}
