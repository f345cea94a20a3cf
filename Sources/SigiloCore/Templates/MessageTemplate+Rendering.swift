extension MessageTemplate {
    /// Fills the template in with `parameters`, for a preview or a send, in any status
    /// (``isSendable`` says whether Meta would accept the send).
    ///
    /// Each component takes exactly one parameter per variable number (`{{1}}` used twice
    /// takes one): text, currency or date-time values for the body and a text header, one
    /// parameter of the header's own kind for a media or location header, and one text value
    /// for a link button whose address ends in `{{1}}`, keyed by the button's index. Values are
    /// checked as Meta would (codes 132000, 132005, 132012, 132018), without quoting them.
    /// - Parameters:
    ///   - header: The header's parameters.
    ///   - body: The body's parameters, in variable order.
    ///   - buttons: Link buttons' parameters, keyed by the button's zero-based index.
    /// - Returns: The filled-in text and the send's components.
    /// - Throws: The first parameter or parameter list that does not fit.
    package func render(
        header headerParameters: [TemplateParameter] = [],
        body bodyParameters: [TemplateParameter] = [],
        buttons buttonParameters: [Int: TemplateParameter] = [:]
    ) throws(TemplateRenderError) -> RenderedTemplate {
        var components: [CloudTemplateComponent] = []
        let headerText = try renderHeader(headerParameters)
        if !headerParameters.isEmpty { components.append(.header(headerParameters)) }
        let bodyVariables = try Self.variables(of: body.text, field: "body.text")
        let bodyText = try Self.fill(bodyVariables, with: bodyParameters, component: "body")
        if !bodyParameters.isEmpty { components.append(.body(bodyParameters)) }
        components += try renderButtons(buttonParameters)
        return RenderedTemplate(
            name: name,
            language: language,
            headerText: headerText,
            bodyText: bodyText,
            components: CloudTemplateComponents(components)
        )
    }

    /// The filled-in header text; `nil` for no header or a media or location header.
    private func renderHeader(_ parameters: [TemplateParameter]) throws(TemplateRenderError) -> String? {
        guard let header, header.format == .text else {
            try Self.expect(count: header == nil ? 0 : 1, parameters.count, component: "header")
            if let header { try parameters[0].checkHeader(header.format, field: "parameters.header[0]") }
            return nil
        }
        let variables = try Self.variables(of: header.text ?? "", field: "header.text")
        let text = try Self.fill(variables, with: parameters, component: "header")
        guard text.count <= 60 else {
            throw TemplateRenderError(
                field: "parameters.header",
                reason: "text short enough to keep the header within 60 characters"
            )
        }
        return text
    }

    /// The components of link buttons whose address ends in `{{1}}`; any other button takes none.
    private func renderButtons(
        _ parameters: [Int: TemplateParameter]
    ) throws(TemplateRenderError) -> [CloudTemplateComponent] {
        if let stray = parameters.keys.sorted().first(where: { !buttons.indices.contains($0) }) {
            throw TemplateRenderError(
                field: "parameters.buttons[\(stray)]",
                reason: "the index of one of the template's buttons"
            )
        }
        var components: [CloudTemplateComponent] = []
        for (index, button) in buttons.enumerated() {
            let field = "parameters.buttons[\(index)]"
            var takesParameter = false
            if case .url(_, let url, _) = button {
                takesParameter = try Self.variables(of: url, field: "buttons[\(index)].url").highest > 0
            }
            switch (takesParameter, parameters[index]) {
            case (false, nil):
                continue
            case (false, .some):
                throw TemplateRenderError(field: field, reason: "absent, as this button takes no parameter")
            case (true, nil):
                throw TemplateRenderError(field: field, reason: "a text parameter completing the button's link")
            case (true, .some(let parameter)):
                guard case .text(let value) = parameter else {
                    throw TemplateRenderError(field: field, reason: "a text parameter completing the button's link")
                }
                try TemplateParameter.check(value, field: field)
                guard !value.contains(where: \.isWhitespace) else {
                    throw TemplateRenderError(field: field, reason: "text without spaces, as it ends a link")
                }
                components.append(.urlButton(index: index, parameters: [parameter]))
            }
        }
        return components
    }

    /// Parses a template text while rendering; a malformed one is the template's fault.
    private static func variables(of text: String, field: String) throws(TemplateRenderError) -> TemplateVariables {
        guard let variables = try? TemplateVariables(parsing: text) else {
            throw TemplateRenderError(field: field, reason: TemplateVariables.wellFormedReason)
        }
        return variables
    }

    /// Checks one parameter per variable number and substitutes them.
    private static func fill(
        _ variables: TemplateVariables,
        with parameters: [TemplateParameter],
        component: String
    ) throws(TemplateRenderError) -> String {
        try expect(count: variables.highest, parameters.count, component: component)
        var values: [String] = []
        values.reserveCapacity(parameters.count)
        for (index, parameter) in parameters.enumerated() {
            values.append(try parameter.checkedText(field: "parameters.\(component)[\(index)]"))
        }
        return variables.substituting(values)
    }

    /// Meta's 132000: the number of parameters must match the component's variables.
    private static func expect(count expected: Int, _ actual: Int, component: String) throws(TemplateRenderError) {
        guard actual != expected else { return }
        let noun = expected == 1 ? "parameter" : "parameters"
        throw TemplateRenderError(
            field: "parameters.\(component)",
            reason: "exactly \(expected) \(noun), not \(actual)"
        )
    }
}
