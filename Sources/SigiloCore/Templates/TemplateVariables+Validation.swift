extension TemplateVariables {
    /// What a field holding malformed variables must be instead.
    static let wellFormedReason = "text whose variables are written {{1}}, {{2}} and so on, without spaces"

    /// Parses `text`, reporting malformed variables as a validation error on `field`.
    /// - Parameters:
    ///   - text: A template text.
    ///   - field: The JSON path the text came from (`body.text`).
    init(validating text: String, field: String) throws(TemplateValidationError) {
        guard let variables = try? TemplateVariables(parsing: text) else {
            throw TemplateValidationError(field: field, reason: Self.wellFormedReason)
        }
        self = variables
    }

    /// Checks that sample values, when given, are one non-blank value per variable.
    /// - Parameters:
    ///   - examples: The sample values, if any.
    ///   - field: Their JSON path (`body.examples`).
    func validate(examples: [String]?, field: String) throws(TemplateValidationError) {
        guard let examples else { return }
        guard examples.count == highest else {
            let reason =
                switch highest {
                case 0: "absent, as the text has no variables"
                case 1: "exactly 1 example, one per variable"
                default: "exactly \(highest) examples, one per variable"
                }
            throw TemplateValidationError(field: field, reason: reason)
        }
        for (index, example) in examples.enumerated() where example.allSatisfy(\.isWhitespace) {
            throw TemplateValidationError(field: "\(field)[\(index)]", reason: "non-blank text")
        }
    }
}
