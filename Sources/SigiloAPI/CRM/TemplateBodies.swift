import Foundation
import SigiloCore
import SigiloStore

/// `POST /templates` and `PUT /templates/{id}`: a whole template in Meta's shape
/// (``MessageTemplate``), unknown top-level fields refused.
struct TemplateInput: Decodable, Sendable {
    var template: MessageTemplate

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, language, category, status, header, body, footer, buttons
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        template = try MessageTemplate(from: decoder)
    }

    /// The template, Meta's rules checked.
    func checked() throws -> MessageTemplate {
        do {
            try template.validate()
        } catch {
            throw APIError.invalidField(error.field, expected: error.reason)
        }
        // PostgreSQL's jsonb refuses U+0000, which JSON allows; refuse it here as a 422.
        let json = (try? JSONEncoder().encode(template)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard !json.contains("\\u0000") else {
            throw APIError.invalidField("(body)", expected: "text without NUL characters (U+0000)")
        }
        return template
    }
}

/// `POST /templates/{id}/render`: the values of the variables, in the Cloud API's parameter
/// shape; `buttons` is keyed by the button's index.
struct TemplateRenderInput: Decodable, Sendable {
    var header: [TemplateParameter]
    var body: [TemplateParameter]
    var buttons: [Int: TemplateParameter]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case header, body, buttons
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        header = try container.decodeIfPresent([TemplateParameter].self, forKey: .header) ?? []
        body = try container.decodeIfPresent([TemplateParameter].self, forKey: .body) ?? []
        let keyed = try container.decodeIfPresent([String: TemplateParameter].self, forKey: .buttons) ?? [:]
        var buttons: [Int: TemplateParameter] = [:]
        for (key, value) in keyed {
            guard let index = Int(key), (0..<10).contains(index) else {
                throw APIError.invalidField("buttons", expected: "an object keyed by button index, \"0\" to \"9\"")
            }
            buttons[index] = value
        }
        self.buttons = buttons
    }
}

/// A template as the API shows it: its JSON plus id, Meta's id and times.
struct TemplateView: Encodable {
    var stored: TemplateRepository.Stored

    enum CodingKeys: String, CodingKey {
        case id
        case metaTemplateID = "meta_template_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        try stored.template.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stored.id.lowercasedString, forKey: .id)
        try container.encode(stored.metaTemplateID, forKey: .metaTemplateID)
        try container.encode(stored.createdAt, forKey: .createdAt)
        try container.encode(stored.updatedAt, forKey: .updatedAt)
    }
}

/// A page of templates.
struct TemplateList: Encodable {
    var templates: [TemplateView]
    var next: String?
}

/// What a template renders to: the text an agent sees and the Cloud API's `components`.
struct RenderedTemplateView: Encodable {
    var headerText: String?
    var bodyText: String
    var components: CloudTemplateComponents
    var sendable: Bool

    enum CodingKeys: String, CodingKey {
        case headerText = "header_text"
        case bodyText = "body_text"
        case components, sendable
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(headerText, forKey: .headerText)
        try container.encode(bodyText, forKey: .bodyText)
        try container.encode(components, forKey: .components)
        try container.encode(sendable, forKey: .sendable)
    }
}
