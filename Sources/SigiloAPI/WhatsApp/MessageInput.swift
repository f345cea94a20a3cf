import Foundation
import HTTPTypes
import SigiloCore
import SigiloStore
import SigiloWhatsApp

/// `POST /conversations/{id}/messages` and `POST /contacts/{id}/messages`: what to send.
///
/// `type` is `text` (`text`, `preview_url`), `template` (`template_id`, or `name` and
/// `language`, with `parameters` as in `/templates/{id}/render`), a media type (`image`,
/// `audio`, `video`, `document`, `sticker`: `media` with `id` or `link`, `caption`,
/// `filename`) or `reaction` (`message_id`, `emoji`). `reply_to` quotes a message.
struct MessageInput: Decodable, Sendable {
    var type: String
    var text: String?
    var previewURL: Bool?
    var templateID: UUID?
    var name: String?
    var language: String?
    var parameters: TemplateRenderInput?
    var media: MediaInput?
    var caption: String?
    var filename: String?
    var messageID: String?
    var emoji: String?
    var replyTo: String?
    var channelID: UUID?

    struct MediaInput: Decodable, Sendable {
        var id: String?
        var link: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, link }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            link = try container.decodeIfPresent(String.self, forKey: .link)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, text, name, language, parameters, media, caption, filename, emoji
        case previewURL = "preview_url"
        case templateID = "template_id"
        case messageID = "message_id"
        case replyTo = "reply_to"
        case channelID = "channel_id"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        previewURL = try container.decodeIfPresent(Bool.self, forKey: .previewURL)
        templateID = try container.decodeIfPresent(UUID.self, forKey: .templateID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        parameters = try container.decodeIfPresent(TemplateRenderInput.self, forKey: .parameters)
        media = try container.decodeIfPresent(MediaInput.self, forKey: .media)
        caption = try container.decodeIfPresent(String.self, forKey: .caption)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        messageID = try container.decodeIfPresent(String.self, forKey: .messageID)
        emoji = try container.decodeIfPresent(String.self, forKey: .emoji)
        replyTo = try container.decodeIfPresent(String.self, forKey: .replyTo)
        channelID = try container.decodeIfPresent(UUID.self, forKey: .channelID)
    }

    /// What to send, checked: the stored content, the wire content and, for a template, its
    /// category (marketing templates respect marketing opt-outs).
    func prepared(templates: TemplateRepository, tenant: UUID) async throws -> PreparedMessage {
        let wire: OutboundMessage.Content
        let stored: MessageContent
        var category: String?
        switch type {
        case "text":
            guard let text else { throw APIError.missingField("text") }
            let body = try FieldRules.text(text, field: "text", characters: 1...4096, multiline: true)
            wire = .text(body: body, previewURL: previewURL ?? false)
            stored = .text(body)
        case "template":
            let template = try await findTemplate(templates, tenant: tenant)
            guard template.template.isSendable else {
                throw APIError(
                    .conflict,
                    code: "template_not_approved",
                    message: "Only a template Meta approved can be sent; sync templates or wait for review."
                )
            }
            let rendered: RenderedTemplate
            do {
                rendered = try template.template.render(
                    header: parameters?.header ?? [],
                    body: parameters?.body ?? [],
                    buttons: parameters?.buttons ?? [:]
                )
            } catch {
                throw APIError.invalidField(error.field, expected: error.reason)
            }
            wire = .template(name: rendered.name, language: rendered.language, components: rendered.components)
            category = template.template.category.rawValue
            stored = MessageContent(
                type: "template",
                text: [rendered.headerText, rendered.bodyText].compactMap { $0 }.joined(separator: "\n"),
                template: MessageContent.Template(name: rendered.name, language: rendered.language, category: category)
            )
        case "image", "audio", "video", "document", "sticker":
            guard let kind = OutboundMessage.MediaKind(rawValue: type) else { throw APIError.invalidValue }
            guard let media else { throw APIError.missingField("media") }
            let source: OutboundMessage.MediaSource
            switch (media.id, media.link) {
            case (let id?, nil): source = .id(id)
            case (nil, let link?): source = .link(link)
            default: throw APIError.invalidField("media", expected: "exactly one of id or link")
            }
            let captionText = try caption.map {
                try FieldRules.text($0, field: "caption", characters: 1...1024, multiline: true)
            }
            wire = .media(kind: kind, source: source, caption: captionText, filename: filename)
            stored = MessageContent(
                type: type,
                text: captionText,
                media: MessageContent.Media(id: media.id, link: media.link, caption: captionText, filename: filename)
            )
        case "reaction":
            guard let messageID else { throw APIError.missingField("message_id") }
            guard let emoji else { throw APIError.missingField("emoji") }
            wire = .reaction(messageID: messageID, emoji: emoji)
            stored = MessageContent(
                type: "reaction",
                reaction: MessageContent.Reaction(messageID: messageID, emoji: emoji)
            )
        default:
            throw APIError.invalidField(
                "type",
                expected: "text, template, image, audio, video, document, sticker or reaction"
            )
        }
        if let replyTo, replyTo.isEmpty || replyTo.unicodeScalars.count > 256 {
            throw APIError.invalidField("reply_to", expected: "the id of a message (wamid), up to 256 characters")
        }
        let prepared = PreparedMessage(wire: wire, stored: stored, templateCategory: category, replyTo: replyTo)
        // Check the wire rules now (lengths, links), with a stand-in recipient.
        do {
            try prepared.message(to: "5511999999999", id: UUID()).validate()
        } catch {
            throw APIError.invalidField(
                Self.ourField(error.field),
                expected: "what the WhatsApp Cloud API accepts there"
            )
        }
        return prepared
    }

    private func findTemplate(_ templates: TemplateRepository, tenant: UUID) async throws -> TemplateRepository.Stored {
        if let templateID {
            guard let found = try await templates.find(tenant: tenant, id: templateID) else {
                throw APIError.invalidField("template_id", expected: "the id of one of your templates")
            }
            return found
        }
        guard let name, let language else { throw APIError.missingField("template_id") }
        guard let found = try await templates.find(tenant: tenant, name: name, language: language) else {
            throw APIError.invalidField("name", expected: "the name and language of one of your templates")
        }
        return found
    }

    /// Our field names for the wire's.
    private static func ourField(_ wire: String?) -> String {
        switch wire {
        case "text.body": "text"
        case "context.message_id": "reply_to"
        case .some(let field) where field.hasSuffix(".caption"): "caption"
        case .some(let field) where field.hasSuffix(".link"): "media.link"
        case .some(let field) where field.hasSuffix(".id"): "media.id"
        case .some(let field) where field.hasPrefix("reaction"): "emoji"
        default: "(body)"
        }
    }
}

/// A checked message, ready for a recipient.
struct PreparedMessage: Sendable {
    var wire: OutboundMessage.Content
    var stored: MessageContent
    var templateCategory: String?
    var replyTo: String?

    /// The Graph API message to `recipient`; our message id rides in
    /// `biz_opaque_callback_data`, so receipts find it even before the send response.
    func message(to recipient: String, id: UUID) -> OutboundMessage {
        OutboundMessage(
            to: .phone(recipient),
            content: wire,
            replyTo: replyTo,
            callbackData: id.uuidString.lowercased()
        )
    }

    /// The JSON stored (sealed) in the outbox for the sender.
    func request(to recipient: String, id: UUID) throws -> String {
        String(decoding: try JSONEncoder().encode(message(to: recipient, id: id)), as: UTF8.self)
    }
}
