extension TemplateHeader {
    /// Meta's header rules: a text header has 1 to 60 characters and at most one variable,
    /// `{{1}}`; any other format has no text (its file or location is given when sending).
    func validate() throws(TemplateValidationError) {
        guard format == .text else {
            if text != nil {
                throw TemplateValidationError(field: "header.text", reason: "absent unless the header format is text")
            }
            if examples != nil {
                throw TemplateValidationError(
                    field: "header.examples",
                    reason: "absent unless the header format is text"
                )
            }
            return
        }
        guard let text, (1...60).contains(text.count) else {
            throw TemplateValidationError(
                field: "header.text",
                reason: "between 1 and 60 characters when the header format is text"
            )
        }
        let variables = try TemplateVariables(validating: text, field: "header.text")
        guard variables.numbers.allSatisfy({ $0 == 1 }), variables.numbers.count <= 1 else {
            throw TemplateValidationError(field: "header.text", reason: "text with at most one variable, {{1}}")
        }
        try variables.validate(examples: examples, field: "header.examples")
    }
}
