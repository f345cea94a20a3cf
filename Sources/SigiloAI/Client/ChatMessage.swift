/// One message of a chat: who said it and what.
///
/// Its content is personal data until minimised (``PIIMinimiser``); it is never logged and
/// never put into an error.
package struct ChatMessage: Sendable, Equatable {
    /// Who speaks.
    package enum Role: String, Sendable, Equatable {
        /// Instructions to the model.
        case system
        /// The customer (or whoever the model answers).
        case user
        /// The model, or an agent whose replies the model imitates.
        case assistant
    }

    /// Who speaks.
    package var role: Role
    /// What was said.
    package var content: String

    /// Creates a message.
    /// - Parameters:
    ///   - role: Who speaks.
    ///   - content: What was said.
    package init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    package static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }

    /// A user message.
    package static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }

    /// An assistant message.
    package static func assistant(_ content: String) -> ChatMessage {
        ChatMessage(role: .assistant, content: content)
    }
}
