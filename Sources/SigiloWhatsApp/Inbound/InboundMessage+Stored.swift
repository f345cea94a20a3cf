import SigiloCore

extension InboundMessage {
    /// The content as Sigilo stores it (sealed) and shows it.
    var stored: MessageContent {
        switch content {
        case .text(let body):
            return .text(body)
        case .media(let media):
            return MessageContent(
                type: media.kind,
                text: media.caption,
                media: MessageContent.Media(
                    id: media.id,
                    mimeType: media.mimeType,
                    sha256: media.sha256,
                    caption: media.caption,
                    filename: media.filename,
                    voice: media.voice ? true : nil
                )
            )
        case .location(let latitude, let longitude, let name, let address):
            return MessageContent(
                type: "location",
                location: MessageContent.Location(
                    latitude: latitude,
                    longitude: longitude,
                    name: name,
                    address: address
                )
            )
        case .interactive(let kind, let id, let title):
            return MessageContent(type: "interactive", choice: MessageContent.Choice(kind: kind, id: id, title: title))
        case .button(let text, let payload):
            return MessageContent(
                type: "button",
                choice: MessageContent.Choice(kind: "button", id: payload, title: text)
            )
        case .reaction(let messageID, let emoji):
            return MessageContent(
                type: "reaction",
                reaction: MessageContent.Reaction(messageID: messageID, emoji: emoji)
            )
        case .system(let type, let body):
            return MessageContent(type: "system", text: body.map { "\(type): \($0)" } ?? type)
        case .other(let type):
            return MessageContent(type: Self.safeType(type))
        }
    }

    /// Whether the customer asked to stop messages: STOP, SAIR, PARAR… as text, or a template
    /// quick-reply whose payload or text says so.
    var asksToStop: Bool {
        switch content {
        case .text(let body): SendRules.isStopRequest(body)
        case .button(let text, let payload):
            SendRules.isStopRequest(text) || (payload.map { $0.uppercased().hasPrefix("STOP") } ?? false)
        default: false
        }
    }

    /// Meta's type names are lower-case words; anything else is stored as `unsupported`.
    private static func safeType(_ type: String) -> String {
        let valid = !type.isEmpty && type.count <= 32 && type.allSatisfy { $0.isASCII && ($0.isLowercase || $0 == "_") }
        return valid ? type : "unsupported"
    }
}
