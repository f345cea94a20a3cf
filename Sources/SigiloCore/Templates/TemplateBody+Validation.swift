extension TemplateBody {
    /// Meta's body rules: 1 to 1024 characters; variables numbered `{{1}}` to `{{n}}` with no
    /// gaps (a repeat is allowed), n at most 100; the text neither starts nor ends with a
    /// variable, which Meta's review refuses; examples, when given, one per variable.
    func validate() throws(TemplateValidationError) {
        guard (1...1024).contains(text.count) else {
            throw TemplateValidationError(field: "body.text", reason: "between 1 and 1024 characters")
        }
        let variables = try TemplateVariables(validating: text, field: "body.text")
        guard variables.highest <= 100 else {
            throw TemplateValidationError(field: "body.text", reason: "text with at most 100 variables")
        }
        guard variables.isNumberedWithoutGaps else {
            throw TemplateValidationError(
                field: "body.text",
                reason: "text whose variables are numbered from {{1}} without gaps"
            )
        }
        let literals = variables.literals
        if !variables.numbers.isEmpty,
            literals[0].allSatisfy(\.isWhitespace) || literals[literals.count - 1].allSatisfy(\.isWhitespace)
        {
            throw TemplateValidationError(
                field: "body.text",
                reason: "text that neither starts nor ends with a variable"
            )
        }
        try variables.validate(examples: examples, field: "body.examples")
    }
}
