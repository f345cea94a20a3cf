/// A template's body: the message text, with positional variables `{{1}}`, `{{2}}`…
package struct TemplateBody: Sendable, Equatable, Codable {
    /// The text, 1 to 1024 characters; variables are numbered from 1 without gaps.
    package var text: String
    /// One sample value per variable, which Meta's review asks for; not sent to customers.
    package var examples: [String]?

    /// Creates a body.
    /// - Parameters:
    ///   - text: The message text with its variables.
    ///   - examples: Sample values, one per variable, for Meta's review.
    package init(text: String, examples: [String]? = nil) {
        self.text = text
        self.examples = examples
    }

    private enum CodingKeys: String, CodingKey {
        case text
        case examples
    }
}
