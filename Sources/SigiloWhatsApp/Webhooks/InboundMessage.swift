package import Foundation

/// One inbound message of a webhook (`messages[]`): who sent it, Meta's id (the dedupe key,
/// Meta retries for days), when, what it answers, and its content by type.
package struct InboundMessage: Decodable, Sendable {
    /// `wamid.…`: stored once, however often Meta delivers it.
    package var id: String
    /// The sender's `wa_id` digits; absent for a username user, who has ``fromUserID``.
    package var from: String?
    /// The business-scoped user id (BSUID) of a username user (2026).
    package var fromUserID: String?
    package var timestamp: Date
    /// The message this one replies to (a quoted reply, a template button tap).
    package var replyTo: String?
    package var forwarded: Bool
    package var content: Content
    /// Errors Meta attached (an `unsupported` message carries 131051).
    package var errors: [GraphError]

    /// What the message holds.
    package enum Content: Sendable, Equatable {
        case text(String)
        /// `image`, `audio`, `video`, `document`, `sticker`: the media to download.
        case media(Media)
        case location(latitude: Double, longitude: Double, name: String?, address: String?)
        /// A reply to an interactive message: `button_reply` or `list_reply`.
        case interactive(kind: String, id: String, title: String)
        /// A tap on a template quick-reply button.
        case button(text: String, payload: String?)
        /// A reaction to `messageID`; `emoji` nil when the reaction was removed.
        case reaction(messageID: String, emoji: String?)
        /// `customer_changed_number`, `user_changed_user_id`, …: an identity change.
        case system(type: String, body: String?)
        /// Any other type (`contacts`, `order`, `unsupported`, …), kept by name.
        case other(type: String)
    }

    /// A media attachment: Meta's id (two calls to download), type and integrity data.
    package struct Media: Sendable, Equatable {
        package var kind: String
        package var id: String
        package var mimeType: String?
        package var sha256: String?
        package var caption: String?
        package var filename: String?
        package var voice: Bool
    }

    enum CodingKeys: String, CodingKey {
        case id, from, timestamp, type, context, errors, text, location, interactive, button, reaction, system
        case fromUserID = "from_user_id"
        case image, audio, video, document, sticker
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        from = try container.decodeIfPresent(String.self, forKey: .from)
        fromUserID = try container.decodeIfPresent(String.self, forKey: .fromUserID)
        timestamp = try UnixSeconds.decode(container, .timestamp)
        errors = try container.decodeIfPresent([GraphError].self, forKey: .errors) ?? []
        let context = try container.decodeIfPresent(Context.self, forKey: .context)
        replyTo = context?.id
        forwarded = context?.forwarded ?? false
        content = try Self.content(of: try container.decode(String.self, forKey: .type), in: container)
    }

    private struct Context: Decodable {
        var id: String?
        var forwarded: Bool?
    }

    private static func content(of type: String, in container: KeyedDecodingContainer<CodingKeys>) throws -> Content {
        switch type {
        case "text":
            return .text(try container.decode(Body.self, forKey: .text).body)
        case "image", "audio", "video", "document", "sticker":
            guard let key = CodingKeys(rawValue: type) else { return .other(type: type) }
            let media = try container.decode(MediaBody.self, forKey: key)
            return .media(
                Media(
                    kind: type,
                    id: media.id,
                    mimeType: media.mimeType,
                    sha256: media.sha256,
                    caption: media.caption,
                    filename: media.filename,
                    voice: media.voice ?? false
                )
            )
        case "location":
            let location = try container.decode(LocationBody.self, forKey: .location)
            return .location(
                latitude: location.latitude.value,
                longitude: location.longitude.value,
                name: location.name,
                address: location.address
            )
        case "interactive":
            let interactive = try container.decode(InteractiveBody.self, forKey: .interactive)
            guard let reply = interactive.buttonReply ?? interactive.listReply else { return .other(type: type) }
            return .interactive(kind: interactive.type, id: reply.id, title: reply.title)
        case "button":
            let button = try container.decode(ButtonBody.self, forKey: .button)
            return .button(text: button.text, payload: button.payload)
        case "reaction":
            let reaction = try container.decode(ReactionBody.self, forKey: .reaction)
            return .reaction(messageID: reaction.messageID, emoji: reaction.emoji)
        case "system":
            let system = try container.decode(SystemBody.self, forKey: .system)
            return .system(type: system.type ?? "unknown", body: system.body)
        default:
            return .other(type: type)
        }
    }

    private struct Body: Decodable {
        var body: String
    }

    private struct MediaBody: Decodable {
        var id: String
        var mimeType: String?
        var sha256: String?
        var caption: String?
        var filename: String?
        var voice: Bool?

        enum CodingKeys: String, CodingKey {
            case id, sha256, caption, filename, voice
            case mimeType = "mime_type"
        }
    }

    /// Latitude and longitude arrive as numbers or as strings.
    private struct FlexibleDouble: Decodable {
        var value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else if let parsed = Double(try container.decode(String.self)) {
                value = parsed
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a coordinate")
            }
        }
    }

    private struct LocationBody: Decodable {
        var latitude: FlexibleDouble
        var longitude: FlexibleDouble
        var name: String?
        var address: String?
    }

    private struct Reply: Decodable {
        var id: String
        var title: String
    }

    private struct InteractiveBody: Decodable {
        var type: String
        var buttonReply: Reply?
        var listReply: Reply?

        enum CodingKeys: String, CodingKey {
            case type
            case buttonReply = "button_reply"
            case listReply = "list_reply"
        }
    }

    private struct ButtonBody: Decodable {
        var text: String
        var payload: String?
    }

    private struct ReactionBody: Decodable {
        var messageID: String
        var emoji: String?

        enum CodingKeys: String, CodingKey {
            case emoji
            case messageID = "message_id"
        }
    }

    private struct SystemBody: Decodable {
        var type: String?
        var body: String?
    }
}
