package import Foundation
import SigiloCore

/// The Cloud API's send body (reference §5), written and read back by the same code, so the
/// outbox stores exactly what is sent:
/// `{"messaging_product":"whatsapp","recipient_type":"individual","to":"5511…","type":"text",
/// "text":{"body":"Olá!","preview_url":false},"context":{"message_id":"wamid.X"},
/// "biz_opaque_callback_data":"…"}`.
extension OutboundMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product"
        case recipientType = "recipient_type"
        case to
        case recipient
        case type
        case text
        case template
        case reaction
        case context
        case callbackData = "biz_opaque_callback_data"
        case image
        case audio
        case video
        case document
        case sticker
    }

    private enum TextKeys: String, CodingKey {
        case body
        case previewURL = "preview_url"
    }

    private enum TemplateKeys: String, CodingKey {
        case name
        case language
        case components
    }

    private enum LanguageKeys: String, CodingKey {
        case code
    }

    private enum MediaKeys: String, CodingKey {
        case id
        case link
        case caption
        case filename
    }

    private enum ReactionKeys: String, CodingKey {
        case messageID = "message_id"
        case emoji
    }

    private enum ContextKeys: String, CodingKey {
        case messageID = "message_id"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let user = try container.decodeIfPresent(String.self, forKey: .recipient) {
            recipient = .user(user)
        } else {
            recipient = .phone(try container.decode(String.self, forKey: .to))
        }
        if container.contains(.context) {
            replyTo = try container.nestedContainer(keyedBy: ContextKeys.self, forKey: .context)
                .decodeIfPresent(String.self, forKey: .messageID)
        }
        callbackData = try container.decodeIfPresent(String.self, forKey: .callbackData)
        content = try Self.content(from: container)
    }

    private static func content(from container: KeyedDecodingContainer<CodingKeys>) throws -> Content {
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            let text = try container.nestedContainer(keyedBy: TextKeys.self, forKey: .text)
            return .text(
                body: try text.decode(String.self, forKey: .body),
                previewURL: try text.decodeIfPresent(Bool.self, forKey: .previewURL) ?? false
            )
        case "template":
            let template = try container.nestedContainer(keyedBy: TemplateKeys.self, forKey: .template)
            return .template(
                name: try template.decode(String.self, forKey: .name),
                language: try template.nestedContainer(keyedBy: LanguageKeys.self, forKey: .language)
                    .decode(String.self, forKey: .code),
                components: try template.decodeIfPresent(CloudTemplateComponents.self, forKey: .components)
                    ?? CloudTemplateComponents([])
            )
        case "reaction":
            let reaction = try container.nestedContainer(keyedBy: ReactionKeys.self, forKey: .reaction)
            return .reaction(
                messageID: try reaction.decode(String.self, forKey: .messageID),
                emoji: try reaction.decodeIfPresent(String.self, forKey: .emoji) ?? ""
            )
        default:
            guard let kind = MediaKind(rawValue: type), let key = CodingKeys(rawValue: type) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "expected text, template, reaction or a media type"
                )
            }
            let media = try container.nestedContainer(keyedBy: MediaKeys.self, forKey: key)
            let source: MediaSource =
                if let id = try media.decodeIfPresent(String.self, forKey: .id) {
                    .id(id)
                } else {
                    .link(try media.decode(String.self, forKey: .link))
                }
            return .media(
                kind: kind,
                source: source,
                caption: try media.decodeIfPresent(String.self, forKey: .caption),
                filename: try media.decodeIfPresent(String.self, forKey: .filename)
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("whatsapp", forKey: .messagingProduct)
        try container.encode("individual", forKey: .recipientType)
        switch recipient {
        case .phone(let phone): try container.encode(phone, forKey: .to)
        case .user(let user): try container.encode(user, forKey: .recipient)
        }
        try encodeContent(into: &container)
        if let replyTo {
            var context = container.nestedContainer(keyedBy: ContextKeys.self, forKey: .context)
            try context.encode(replyTo, forKey: .messageID)
        }
        try container.encodeIfPresent(callbackData, forKey: .callbackData)
    }

    private func encodeContent(into container: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch content {
        case .text(let body, let previewURL):
            try container.encode("text", forKey: .type)
            var text = container.nestedContainer(keyedBy: TextKeys.self, forKey: .text)
            try text.encode(body, forKey: .body)
            try text.encode(previewURL, forKey: .previewURL)
        case .template(let name, let language, let components):
            try container.encode("template", forKey: .type)
            var template = container.nestedContainer(keyedBy: TemplateKeys.self, forKey: .template)
            try template.encode(name, forKey: .name)
            var code = template.nestedContainer(keyedBy: LanguageKeys.self, forKey: .language)
            try code.encode(language, forKey: .code)
            if !components.components.isEmpty {
                try template.encode(components, forKey: .components)
            }
        case .media(let kind, let source, let caption, let filename):
            try container.encode(kind.rawValue, forKey: .type)
            let key = Self.key(of: kind)
            var media = container.nestedContainer(keyedBy: MediaKeys.self, forKey: key)
            switch source {
            case .id(let id): try media.encode(id, forKey: .id)
            case .link(let link): try media.encode(link, forKey: .link)
            }
            try media.encodeIfPresent(caption, forKey: .caption)
            try media.encodeIfPresent(filename, forKey: .filename)
        case .reaction(let messageID, let emoji):
            try container.encode("reaction", forKey: .type)
            var reaction = container.nestedContainer(keyedBy: ReactionKeys.self, forKey: .reaction)
            try reaction.encode(messageID, forKey: .messageID)
            try reaction.encode(emoji, forKey: .emoji)
        }
    }

    private static func key(of kind: MediaKind) -> CodingKeys {
        switch kind {
        case .image: .image
        case .audio: .audio
        case .video: .video
        case .document: .document
        case .sticker: .sticker
        }
    }

    /// The exact body of `POST /{phone-number-id}/messages`: this message as JSON, keys
    /// sorted, `/` left unescaped.
    /// - Returns: The UTF-8 JSON bytes.
    /// - Throws: `EncodingError` only for a non-finite number in a location parameter.
    package func wireBody() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
