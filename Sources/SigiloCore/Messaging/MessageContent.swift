import Foundation

/// What one message holds, inbound or outbound, in the form Sigilo stores (sealed, as JSON)
/// and its API shows. `type` names the WhatsApp message type; the matching part is set.
package struct MessageContent: Codable, Sendable, Equatable {
    package var type: String
    package var text: String?
    package var media: Media?
    package var location: Location?
    /// A reply to an interactive message, or a template button tap (`kind` = `button`).
    package var choice: Choice?
    package var reaction: Reaction?
    package var template: Template?

    package init(
        type: String,
        text: String? = nil,
        media: Media? = nil,
        location: Location? = nil,
        choice: Choice? = nil,
        reaction: Reaction? = nil,
        template: Template? = nil
    ) {
        self.type = type
        self.text = text
        self.media = media
        self.location = location
        self.choice = choice
        self.reaction = reaction
        self.template = template
    }

    /// Plain text.
    package static func text(_ body: String) -> MessageContent { MessageContent(type: "text", text: body) }

    /// A media attachment: Meta's media id (inbound, or uploaded) or a link (outbound).
    package struct Media: Codable, Sendable, Equatable {
        package var id: String?
        package var link: String?
        package var mimeType: String?
        package var sha256: String?
        package var caption: String?
        package var filename: String?
        package var voice: Bool?

        package init(
            id: String? = nil,
            link: String? = nil,
            mimeType: String? = nil,
            sha256: String? = nil,
            caption: String? = nil,
            filename: String? = nil,
            voice: Bool? = nil
        ) {
            self.id = id
            self.link = link
            self.mimeType = mimeType
            self.sha256 = sha256
            self.caption = caption
            self.filename = filename
            self.voice = voice
        }

        enum CodingKeys: String, CodingKey {
            case id, link, sha256, caption, filename, voice
            case mimeType = "mime_type"
        }
    }

    /// A shared location.
    package struct Location: Codable, Sendable, Equatable {
        package var latitude: Double
        package var longitude: Double
        package var name: String?
        package var address: String?

        package init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil) {
            self.latitude = latitude
            self.longitude = longitude
            self.name = name
            self.address = address
        }
    }

    /// The option a customer picked: `button_reply`, `list_reply` or a template `button`.
    package struct Choice: Codable, Sendable, Equatable {
        package var kind: String
        package var id: String?
        package var title: String

        package init(kind: String, id: String?, title: String) {
            self.kind = kind
            self.id = id
            self.title = title
        }
    }

    /// A reaction to another message; no emoji when it was removed.
    package struct Reaction: Codable, Sendable, Equatable {
        package var messageID: String
        package var emoji: String?

        package init(messageID: String, emoji: String?) {
            self.messageID = messageID
            self.emoji = emoji
        }

        enum CodingKeys: String, CodingKey {
            case emoji
            case messageID = "message_id"
        }
    }

    /// A template sent with its values, and the text it rendered to.
    package struct Template: Codable, Sendable, Equatable {
        package var name: String
        package var language: String
        package var category: String?

        package init(name: String, language: String, category: String?) {
            self.name = name
            self.language = language
            self.category = category
        }
    }
}

extension MessageContent {
    /// The JSON stored (sealed) for this content.
    package func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads stored JSON back.
    package static func decoded(_ json: String) throws -> MessageContent {
        try JSONDecoder().decode(MessageContent.self, from: Data(json.utf8))
    }
}
