extension MessageTemplate {
    /// Reads a template from Meta's management API, for syncing.
    ///
    /// Component and button types Sigilo does not model (a carousel, a one-time-password
    /// button, named `{{first_name}}` variables) are left out and set
    /// ``hasUnsupportedComponents``, which keeps the template from being sent; one odd template
    /// does not fail a sync. Nothing else is validated: call ``validate()`` for Meta's rules.
    /// An `IN_APPEAL` status reads as pending, and a missing one as a draft.
    /// - Parameter meta: The template as Meta returned it.
    /// - Throws: When the category or status is one Sigilo does not know (such as `DELETED`);
    ///   the caller skips that template.
    package init(meta: MetaTemplate) throws(TemplateValidationError) {
        guard let category = TemplateCategory(rawValue: meta.category.lowercased()) else {
            throw TemplateValidationError(field: "category", reason: "MARKETING, UTILITY or AUTHENTICATION")
        }
        self.init(
            name: meta.name,
            language: meta.language,
            category: category,
            status: try Self.status(meta.status),
            body: TemplateBody(text: ""),
            hasUnsupportedComponents: meta.parameterFormat.map { $0.uppercased() != "POSITIONAL" } ?? false
        )
        for component in meta.components {
            switch component.type.uppercased() {
            case "HEADER":
                guard let format = component.format.flatMap({ TemplateHeaderFormat(rawValue: $0.lowercased()) }) else {
                    hasUnsupportedComponents = true
                    continue
                }
                header = TemplateHeader(
                    format: format,
                    text: format == .text ? component.text : nil,
                    examples: format == .text ? component.example?.headerText : nil
                )
            case "BODY":
                body = TemplateBody(text: component.text ?? "", examples: component.example?.bodyText?.first)
            case "FOOTER" where component.text != nil:
                footer = component.text
            case "BUTTONS":
                for metaButton in component.buttons ?? [] {
                    if let button = Self.button(metaButton) {
                        buttons.append(button)
                    } else {
                        hasUnsupportedComponents = true
                    }
                }
            default:
                hasUnsupportedComponents = true
            }
        }
    }

    /// The body of `POST /{waba-id}/message_templates`: this template in Meta's shape, with
    /// positional variables and the examples Meta's review asks for. It carries no status or
    /// id, which Meta assigns. A media header needs a sample file handle Sigilo does not yet
    /// upload, so Meta refuses such a template until that is added.
    package var metaCreationPayload: MetaTemplate {
        var components: [MetaTemplateComponent] = []
        if let header {
            let examples = header.examples.flatMap { $0.isEmpty ? nil : MetaTemplateExample(headerText: $0) }
            components.append(
                MetaTemplateComponent(
                    type: "HEADER",
                    format: header.format.rawValue.uppercased(),
                    text: header.text,
                    example: examples
                )
            )
        }
        let bodyExamples = body.examples.flatMap { $0.isEmpty ? nil : MetaTemplateExample(bodyText: [$0]) }
        components.append(MetaTemplateComponent(type: "BODY", text: body.text, example: bodyExamples))
        if let footer { components.append(MetaTemplateComponent(type: "FOOTER", text: footer)) }
        if !buttons.isEmpty {
            components.append(MetaTemplateComponent(type: "BUTTONS", buttons: buttons.map(Self.metaButton)))
        }
        return MetaTemplate(
            name: name,
            language: language,
            category: category.rawValue.uppercased(),
            parameterFormat: "POSITIONAL",
            components: components
        )
    }

    private static func status(_ status: String?) throws(TemplateValidationError) -> TemplateStatus {
        switch status?.uppercased() {
        case nil: .draft
        case "APPROVED": .approved
        case "PENDING", "IN_APPEAL": .pending
        case "REJECTED": .rejected
        case "PAUSED": .paused
        case "DISABLED": .disabled
        default:
            throw TemplateValidationError(
                field: "status",
                reason: "APPROVED, PENDING, IN_APPEAL, REJECTED, PAUSED or DISABLED"
            )
        }
    }

    /// Meta writes call numbers as digits without `+`; Sigilo keeps E.164 with it.
    private static func button(_ meta: MetaTemplateButton) -> TemplateButton? {
        guard let text = meta.text else { return nil }
        switch meta.type.uppercased() {
        case "QUICK_REPLY":
            return .quickReply(text: text)
        case "URL":
            guard let url = meta.url else { return nil }
            let prefix = url.hasSuffix("{{1}}") ? url.dropLast(5) : nil
            let example = meta.example?.first.flatMap { sample in
                prefix.flatMap { sample.hasPrefix($0) ? String(sample.dropFirst($0.count)) : nil }
            }
            return .url(text: text, url: url, example: example)
        case "PHONE_NUMBER":
            guard let phone = meta.phoneNumber else { return nil }
            return .phoneNumber(text: text, phone: phone.hasPrefix("+") ? phone : "+" + phone)
        default:
            return nil
        }
    }

    private static func metaButton(_ button: TemplateButton) -> MetaTemplateButton {
        switch button {
        case .quickReply(let text):
            MetaTemplateButton(type: "QUICK_REPLY", text: text)
        case .url(let text, let url, let example):
            MetaTemplateButton(
                type: "URL",
                text: text,
                url: url,
                example: example.flatMap { url.hasSuffix("{{1}}") ? [url.dropLast(5) + $0] : nil }
            )
        case .phoneNumber(let text, let phone):
            MetaTemplateButton(
                type: "PHONE_NUMBER",
                text: text,
                phoneNumber: phone.hasPrefix("+") ? String(phone.dropFirst()) : phone
            )
        }
    }
}
