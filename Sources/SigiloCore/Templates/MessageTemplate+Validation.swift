import Foundation

extension MessageTemplate {
    /// Checks the template against Meta's rules, so a mistake is named by field here rather
    /// than found in a review rejection or a failed send.
    ///
    /// The rules: `name` is `[a-z0-9_]{1,512}`; `language` is `[a-z]{2,3}` with an optional
    /// `_` and 2 to 4 upper-case letters (`pt_BR`, `es`, `zh_CN`); the header, body, footer and
    /// buttons follow the rules of their own `validate` methods; an authentication template has
    /// no media or location header and no url button (Meta's own authentication templates are
    /// stricter still, with fixed text and one-time-password buttons Sigilo does not model).
    /// Category and status need no check: decoding refuses unknown values.
    /// - Throws: The first rule broken, in the order of the JSON fields.
    package func validate() throws(TemplateValidationError) {
        guard (1...512).contains(name.utf8.count), name.utf8.allSatisfy(Self.isNameByte) else {
            throw TemplateValidationError(
                field: "name",
                reason: "lower-case letters, digits and underscores, 1 to 512 characters"
            )
        }
        guard Self.isLanguageCode(language) else {
            throw TemplateValidationError(field: "language", reason: "a language code such as pt_BR, en_US or es")
        }
        try header?.validate()
        try body.validate()
        if let footer {
            let variables = try? TemplateVariables(parsing: footer)
            guard (1...60).contains(footer.count), variables?.numbers.isEmpty == true else {
                throw TemplateValidationError(field: "footer", reason: "between 1 and 60 characters, without variables")
            }
        }
        try TemplateButton.validate(buttons)
        if category == .authentication { try validateAuthentication() }
    }

    /// Meta allows an authentication template neither a media or location header nor a link.
    private func validateAuthentication() throws(TemplateValidationError) {
        if let header, header.format != .text {
            throw TemplateValidationError(
                field: "header.format",
                reason: "text, as an authentication template takes no media or location header"
            )
        }
        for (index, button) in buttons.enumerated() {
            if case .url = button {
                throw TemplateValidationError(
                    field: "buttons[\(index)].type",
                    reason: "quick_reply or phone_number, as an authentication template takes no url button"
                )
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    /// `^[a-z]{2,3}(_[A-Z]{2,4})?$`, the form of Meta's template language codes.
    private static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.utf8.split(separator: UInt8(ascii: "_"), maxSplits: 1, omittingEmptySubsequences: false)
        let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard (2...3).contains(parts[0].count), parts[0].allSatisfy(lower.contains) else { return false }
        guard parts.count == 2 else { return true }
        return (2...4).contains(parts[1].count) && parts[1].allSatisfy(upper.contains)
    }
}
