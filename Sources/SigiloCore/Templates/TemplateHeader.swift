/// A template's optional header: its format, and its text when the format is text.
///
/// Decoding checks types only: a text header without text decodes, and ``MessageTemplate/validate()``
/// reports it, so the API can name the field instead of failing the whole body.
package struct TemplateHeader: Sendable, Equatable, Codable {
    /// What the header shows.
    package var format: TemplateHeaderFormat
    /// The header text, required when ``format`` is text and absent otherwise.
    package var text: String?
    /// A sample value for the header's `{{1}}`, which Meta's review asks for; not sent to customers.
    package var examples: [String]?

    /// Creates a header.
    /// - Parameters:
    ///   - format: What the header shows.
    ///   - text: The header text, for a text header.
    ///   - examples: Sample values for the header's variable, for Meta's review.
    package init(format: TemplateHeaderFormat, text: String? = nil, examples: [String]? = nil) {
        self.format = format
        self.text = text
        self.examples = examples
    }

    private enum CodingKeys: String, CodingKey {
        case format
        case text
        case examples
    }
}
