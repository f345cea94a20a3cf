import Foundation
import SigiloStore

/// `POST /webhook/`: `{"type","timestamp","data"}` in the attendance-events format.
/// NEW_CONVERSATION and CLOSE_CONVERSATION carry `data.id`; NEW_MESSAGE carries `data.id`,
/// `data.direction` (SENT or RECEIVED), `data.content` and `data.conversation_id`.
/// `timestamp` is ISO 8601 or Unix time (seconds, or milliseconds past 10^12); absent means now.
struct AttendanceEventInput: Decodable, Sendable {
    var type: String
    var timestamp: Date?
    var data: EventData

    struct EventData: Decodable, Sendable {
        var id: String?
        var direction: String?
        var content: String?
        var conversationID: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, direction, content
            case conversationID = "conversation_id"
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            direction = try container.decodeIfPresent(String.self, forKey: .direction)
            content = try container.decodeIfPresent(String.self, forKey: .content)
            conversationID = try container.decodeIfPresent(String.self, forKey: .conversationID)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, timestamp, data
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        data = try container.decode(EventData.self, forKey: .data)
        if try !container.contains(.timestamp) || container.decodeNil(forKey: .timestamp) {
            timestamp = nil
        } else if let seconds = try? container.decode(Double.self, forKey: .timestamp) {
            guard seconds.isFinite, seconds > 0 else { throw APIError.invalidField("timestamp", expected: "a time") }
            timestamp = Date(timeIntervalSince1970: seconds > 1e12 ? seconds / 1000 : seconds)
        } else {
            let text = try container.decode(String.self, forKey: .timestamp)
            timestamp = try FieldRules.timestamp(text, field: "timestamp")
        }
    }

    /// The event, every field checked.
    func event(now: Date) throws -> AttendanceEvent {
        let at = timestamp ?? now
        guard let rawID = data.id else { throw APIError.missingField("data.id") }
        guard let id = UUID(uuidString: rawID) else { throw APIError.invalidField("data.id", expected: "a UUID") }
        switch type {
        case "NEW_CONVERSATION":
            try Self.absent(data.direction, "data.direction")
            try Self.absent(data.content, "data.content")
            try Self.absent(data.conversationID, "data.conversation_id")
            return .newConversation(id: id, at: at)
        case "CLOSE_CONVERSATION":
            try Self.absent(data.direction, "data.direction")
            try Self.absent(data.content, "data.content")
            try Self.absent(data.conversationID, "data.conversation_id")
            return .closeConversation(id: id, at: at)
        case "NEW_MESSAGE":
            guard let direction = data.direction else { throw APIError.missingField("data.direction") }
            guard direction == "SENT" || direction == "RECEIVED" else {
                throw APIError.invalidField("data.direction", expected: "SENT or RECEIVED")
            }
            guard let content = data.content else { throw APIError.missingField("data.content") }
            let text = try FieldRules.text(content, field: "data.content", characters: 1...4096, multiline: true)
            guard let rawConversation = data.conversationID else { throw APIError.missingField("data.conversation_id") }
            guard let conversation = UUID(uuidString: rawConversation) else {
                throw APIError.invalidField("data.conversation_id", expected: "a UUID")
            }
            return .newMessage(id: id, conversation: conversation, sent: direction == "SENT", content: text, at: at)
        default:
            throw APIError.invalidField("type", expected: "NEW_CONVERSATION, NEW_MESSAGE or CLOSE_CONVERSATION")
        }
    }

    private static func absent(_ value: String?, _ field: String) throws {
        if value != nil { throw APIError.unknownField(field) }
    }
}
