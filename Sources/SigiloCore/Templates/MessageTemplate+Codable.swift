/// Sigilo's JSON for a template. `status` defaults to draft and `buttons` to none when absent,
/// so a client creating a template sends only what it wrote.
extension MessageTemplate: Codable {
    private enum CodingKeys: String, CodingKey {
        case name
        case language
        case category
        case status
        case header
        case body
        case footer
        case buttons
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            language: try container.decode(String.self, forKey: .language),
            category: try container.decode(TemplateCategory.self, forKey: .category),
            status: try container.decodeIfPresent(TemplateStatus.self, forKey: .status) ?? .draft,
            header: try container.decodeIfPresent(TemplateHeader.self, forKey: .header),
            body: try container.decode(TemplateBody.self, forKey: .body),
            footer: try container.decodeIfPresent(String.self, forKey: .footer),
            buttons: try container.decodeIfPresent([TemplateButton].self, forKey: .buttons) ?? []
        )
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(language, forKey: .language)
        try container.encode(category, forKey: .category)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(header, forKey: .header)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent(footer, forKey: .footer)
        try container.encode(buttons, forKey: .buttons)
    }
}
