/// Sigilo's JSON for a button: `{"type":"url","text":"Ver fatura","url":"https://…/{{1}}"}`.
///
/// An unknown `type` fails decoding, like an unknown enum value; everything else is checked by
/// ``MessageTemplate/validate()``.
extension TemplateButton: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case text
        case url
        case example
        case phone
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .text)
        switch try container.decode(String.self, forKey: .type) {
        case "quick_reply":
            self = .quickReply(text: text)
        case "url":
            self = .url(
                text: text,
                url: try container.decode(String.self, forKey: .url),
                example: try container.decodeIfPresent(String.self, forKey: .example)
            )
        case "phone_number":
            self = .phoneNumber(text: text, phone: try container.decode(String.self, forKey: .phone))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "expected quick_reply, url or phone_number"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(text, forKey: .text)
        switch self {
        case .quickReply:
            break
        case .url(_, let url, let example):
            try container.encode(url, forKey: .url)
            try container.encodeIfPresent(example, forKey: .example)
        case .phoneNumber(_, let phone):
            try container.encode(phone, forKey: .phone)
        }
    }
}
