import Foundation
import SigiloCore
import SigiloStore
import SigiloWhatsApp

/// A conversation as the API shows it. `state` (`OPEN`/`CLOSED`) is the attendance-events
/// form of `status`.
struct ConversationView: Encodable {
    var conversation: Conversation
    var messages: [MessageView]?
    var now: Date

    enum CodingKeys: String, CodingKey {
        case id, state, status, source, messages
        case contactID = "contact_id"
        case channelID = "channel_id"
        case lastInboundAt = "last_inbound_at"
        case windowOpenUntil = "window_open_until"
        case openedAt = "opened_at"
        case closedAt = "closed_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversation.id.lowercasedString, forKey: .id)
        try container.encode(conversation.status.rawValue.uppercased(), forKey: .state)
        try container.encode(conversation.status.rawValue, forKey: .status)
        try container.encode(conversation.source, forKey: .source)
        try container.encode(conversation.contactID?.lowercasedString, forKey: .contactID)
        try container.encode(conversation.channelID?.lowercasedString, forKey: .channelID)
        try container.encode(conversation.lastInboundAt, forKey: .lastInboundAt)
        let until = conversation.lastInboundAt.map { $0.addingTimeInterval(SendRules.window) }
        try container.encode(until.flatMap { $0 > now ? $0 : nil }, forKey: .windowOpenUntil)
        try container.encode(conversation.openedAt, forKey: .openedAt)
        try container.encode(conversation.closedAt, forKey: .closedAt)
        try container.encode(conversation.createdAt, forKey: .createdAt)
        try container.encode(conversation.updatedAt, forKey: .updatedAt)
        if let messages { try container.encode(messages, forKey: .messages) }
    }
}

/// A message as the API shows it: `direction` is `RECEIVED` (from the customer) or `SENT`;
/// `content` is its text (or caption), `payload` the rest (media, location, choice, reaction,
/// template); a failed message names Meta's code and title and our meaning.
struct MessageView: Encodable {
    var message: StoredMessage

    enum CodingKeys: String, CodingKey {
        case id, direction, type, content, payload, status, error, wamid
        case conversationID = "conversation_id"
        case replyTo = "reply_to"
        case sentBy = "sent_by"
        case mediaStored = "media_stored"
        case timestamp
        case updatedAt = "updated_at"
    }

    struct Failure: Encodable {
        var code: String
        var graphCode: Int?
        var title: String?

        enum CodingKeys: String, CodingKey {
            case code, title
            case graphCode = "graph_code"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message.id.lowercasedString, forKey: .id)
        try container.encode(message.conversationID.lowercasedString, forKey: .conversationID)
        try container.encode(message.direction == "inbound" ? "RECEIVED" : "SENT", forKey: .direction)
        try container.encode(message.content.type, forKey: .type)
        try container.encode(message.content.text, forKey: .content)
        var payload = message.content
        payload.text = nil
        let hasPayload = payload != MessageContent(type: payload.type)
        try container.encode(hasPayload ? payload : nil, forKey: .payload)
        try container.encode(message.status, forKey: .status)
        if message.status == "failed" || message.errorCode != nil {
            let meaning =
                message.errorReason
                ?? message.errorCode.map { GraphErrorMeaning.failure(code: $0, subcode: nil, httpStatus: nil).code }
            try container.encode(
                Failure(code: meaning ?? "send_failed", graphCode: message.errorCode, title: message.errorTitle),
                forKey: .error
            )
        }
        try container.encode(message.wamid, forKey: .wamid)
        try container.encode(message.replyTo, forKey: .replyTo)
        try container.encode(message.sentBy?.lowercasedString, forKey: .sentBy)
        try container.encode(message.mediaStored, forKey: .mediaStored)
        try container.encode(message.occurredAt, forKey: .timestamp)
        try container.encode(message.updatedAt, forKey: .updatedAt)
    }
}

/// `GET /conversations`.
struct ConversationList: Encodable {
    var conversations: [ConversationView]
    var next: String?
}
