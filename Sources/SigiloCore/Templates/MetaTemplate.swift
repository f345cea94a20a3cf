/// A template in the shape of Meta's management API (`/{waba-id}/message_templates`,
/// reference §7): upper-case category and status, and the parts as a list of components.
///
/// It is a wire type, tolerant on purpose: values are strings and every component field is
/// optional, so a template with a component Sigilo does not know (a carousel, an offer) still
/// decodes, and ``MessageTemplate/init(meta:)`` can mark it instead of failing a whole sync.
package struct MetaTemplate: Sendable, Equatable, Codable {
    /// Meta's id, present on templates read back from Meta.
    package var id: String?
    /// The template's name.
    package var name: String
    /// The language code (`pt_BR`).
    package var language: String
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    package var category: String
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…; absent when creating.
    package var status: String?
    /// `POSITIONAL` for `{{1}}` variables, which is all Sigilo writes.
    package var parameterFormat: String?
    /// Header, body, footer and buttons, as components.
    package var components: [MetaTemplateComponent]

    /// Creates a template in Meta's shape.
    /// - Parameters:
    ///   - id: Meta's id, if known.
    ///   - name: The template's name.
    ///   - language: The language code.
    ///   - category: The upper-case category.
    ///   - status: The upper-case status, if known.
    ///   - parameterFormat: `POSITIONAL` or `NAMED`.
    ///   - components: The components.
    package init(
        id: String? = nil,
        name: String,
        language: String,
        category: String,
        status: String? = nil,
        parameterFormat: String? = nil,
        components: [MetaTemplateComponent]
    ) {
        self.id = id
        self.name = name
        self.language = language
        self.category = category
        self.status = status
        self.parameterFormat = parameterFormat
        self.components = components
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case name
        case language
        case category
        case status
        case parameterFormat = "parameter_format"
        case components
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(String.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            language: try container.decode(String.self, forKey: .language),
            category: try container.decode(String.self, forKey: .category),
            status: try container.decodeIfPresent(String.self, forKey: .status),
            parameterFormat: try container.decodeIfPresent(String.self, forKey: .parameterFormat),
            components: try container.decodeIfPresent([MetaTemplateComponent].self, forKey: .components) ?? []
        )
    }
}
