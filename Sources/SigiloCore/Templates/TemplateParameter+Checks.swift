extension TemplateParameter {
    /// What a parameter filling a text variable must be (Meta's 132012 otherwise).
    static let textKindReason = "a text, currency or date_time parameter"
    /// Meta's 132018: parameter text may hold no new line or tab and no run of more than 4 spaces.
    static let formatCharactersReason = "text without new lines, tabs or more than 4 spaces in a row"

    /// The text this parameter puts in place of a variable, once checked.
    /// - Parameter field: The parameter's JSON path, for the error (`parameters.body[1]`).
    /// - Throws: When the parameter is media or a location, or its text breaks Meta's rules.
    func checkedText(field: String) throws(TemplateRenderError) -> String {
        guard let text = substitutionText else {
            throw TemplateRenderError(field: field, reason: Self.textKindReason)
        }
        if case .currency(let code, _, _) = self,
            code.utf8.count != 3 || !code.utf8.allSatisfy((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains)
        {
            throw TemplateRenderError(
                field: field,
                reason: "a currency whose code is three upper-case letters (ISO 4217)"
            )
        }
        try Self.check(text, field: field)
        return text
    }

    /// Meta's rules for any parameter text: not blank, at most 1024 characters, and no new
    /// line, tab or run of more than 4 spaces.
    /// - Parameters:
    ///   - text: The value.
    ///   - field: The parameter's JSON path, for the error.
    static func check(_ text: String, field: String) throws(TemplateRenderError) {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw TemplateRenderError(field: field, reason: "non-blank text")
        }
        guard text.count <= 1024 else {
            throw TemplateRenderError(field: field, reason: "text of at most 1024 characters")
        }
        var spaces = 0
        for character in text {
            if character.isNewline || character == "\t" {
                throw TemplateRenderError(field: field, reason: formatCharactersReason)
            }
            spaces = character == " " ? spaces + 1 : 0
            if spaces > 4 { throw TemplateRenderError(field: field, reason: formatCharactersReason) }
        }
    }

    /// Checks that this parameter fills a header of `format` (image with image, and so on).
    /// - Parameters:
    ///   - format: The template header's format; not text.
    ///   - field: The parameter's JSON path, for the error.
    func checkHeader(_ format: TemplateHeaderFormat, field: String) throws(TemplateRenderError) {
        let source: TemplateMediaSource
        switch (format, self) {
        case (.image, .image(let media)), (.video, .video(let media)), (.document, .document(let media)):
            source = media
        case (.location, .location(let latitude, let longitude, _, _)):
            guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
                throw TemplateRenderError(field: field, reason: "a location with a latitude and longitude in range")
            }
            return
        case (.location, _):
            throw TemplateRenderError(field: field, reason: "a location parameter")
        default:
            let article = format == .image ? "an" : "a"
            throw TemplateRenderError(field: field, reason: "\(article) \(format.rawValue) parameter")
        }
        switch source {
        case .link(let link):
            let start = link.prefix(8).lowercased()
            guard start.hasPrefix("https://") || start.hasPrefix("http://"), !link.contains(where: \.isWhitespace)
            else {
                throw TemplateRenderError(field: field, reason: "a media link starting with https:// or http://")
            }
        case .id(let id):
            guard !id.isEmpty, !id.contains(where: \.isWhitespace) else {
                throw TemplateRenderError(field: field, reason: "a non-empty media id without spaces")
            }
        }
    }
}
