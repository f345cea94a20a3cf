import Foundation

extension TemplateButton {
    /// Meta's button rules: at most 10 buttons, of which at most 2 open a link and 1 calls;
    /// each label 1 to 25 characters; each button's own target valid.
    static func validate(_ buttons: [TemplateButton]) throws(TemplateValidationError) {
        guard buttons.count <= 10 else {
            throw TemplateValidationError(field: "buttons", reason: "at most 10 buttons")
        }
        var links = 0
        var calls = 0
        for (index, button) in buttons.enumerated() {
            guard (1...25).contains(button.text.count) else {
                throw TemplateValidationError(field: "buttons[\(index)].text", reason: "between 1 and 25 characters")
            }
            switch button {
            case .quickReply:
                break
            case .url(_, let url, let example):
                links += 1
                try validate(url: url, example: example, index: index)
            case .phoneNumber(_, let phone):
                calls += 1
                guard (try? PhoneNumber(phone))?.e164 == phone else {
                    throw TemplateValidationError(
                        field: "buttons[\(index)].phone",
                        reason: "a telephone number in E.164 form, + and 8 to 15 digits"
                    )
                }
            }
        }
        guard links <= 2 else { throw TemplateValidationError(field: "buttons", reason: "at most 2 url buttons") }
        guard calls <= 1 else {
            throw TemplateValidationError(field: "buttons", reason: "at most 1 phone_number button")
        }
    }

    /// A link button opens an http(s) address of at most 2000 characters, which may end in
    /// `{{1}}` (Meta appends the value given when sending; a variable anywhere else is refused).
    private static func validate(url: String, example: String?, index: Int) throws(TemplateValidationError) {
        let invalid = TemplateValidationError(
            field: "buttons[\(index)].url",
            reason: "an http or https link of at most 2000 characters, with at most one variable, {{1}}, at its end"
        )
        guard url.count <= 2000, !url.contains(where: \.isWhitespace),
            let variables = try? TemplateVariables(parsing: url), variables.numbers.allSatisfy({ $0 == 1 }),
            variables.numbers.count <= 1, variables.literals.last?.isEmpty == true || variables.numbers.isEmpty
        else { throw invalid }
        let fixed = String(variables.literals[0])
        guard let components = URLComponents(string: fixed),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else { throw invalid }
        try variables.validate(examples: example.map { [$0] }, field: "buttons[\(index)].example")
    }
}
