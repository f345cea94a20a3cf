package import Foundation

/// An attendance event reported by another system (`POST /webhook/`): a conversation opened
/// or closed, or a message sent or received in it.
package enum AttendanceEvent: Sendable, Equatable {
    case newConversation(id: UUID, at: Date)
    case newMessage(id: UUID, conversation: UUID, sent: Bool, content: String, at: Date)
    case closeConversation(id: UUID, at: Date)

    /// The event's `type` on the wire.
    package var type: String {
        switch self {
        case .newConversation: "NEW_CONVERSATION"
        case .newMessage: "NEW_MESSAGE"
        case .closeConversation: "CLOSE_CONVERSATION"
        }
    }

    /// The id the event carried (`data.id`).
    package var id: UUID {
        switch self {
        case .newConversation(let id, _), .newMessage(let id, _, _, _, _), .closeConversation(let id, _): id
        }
    }

    /// The event in a fixed text form, the input of its keyed fingerprint. The time is left
    /// out: a sender retrying an event may stamp it anew (or leave the stamp out), and it is
    /// still the same event.
    var canonical: String {
        switch self {
        case .newConversation(let id, _), .closeConversation(let id, _):
            return "\(type)\n\(id.uuidString.lowercased())"
        case .newMessage(let id, let conversation, let sent, let content, _):
            let direction = sent ? "SENT" : "RECEIVED"
            return
                "\(type)\n\(id.uuidString.lowercased())\n\(conversation.uuidString.lowercased())\n\(direction)\n\(content)"
        }
    }

    var at: Date {
        switch self {
        case .newConversation(_, let at), .newMessage(_, _, _, _, let at), .closeConversation(_, let at): at
        }
    }
}
