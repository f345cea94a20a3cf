package import Foundation
import PostgresNIO
package import SigiloCore

/// Builds the outbox draft of a template filled with its arguments. The WhatsApp module knows
/// the Graph API's wire form; the store only queues what it is given.
/// - Throws: when the template is not approved or the arguments do not fit it.
package struct TemplateDraftBuilder: Sendable {
    let build:
        @Sendable (TemplateRepository.Stored, TemplateArguments, _ origin: String) throws -> OutboxRepository.Draft

    package init(
        _ build:
            @escaping @Sendable (TemplateRepository.Stored, TemplateArguments, _ origin: String) throws
            -> OutboxRepository.Draft
    ) {
        self.build = build
    }

    func callAsFunction(
        _ template: TemplateRepository.Stored,
        _ arguments: TemplateArguments,
        _ origin: String
    ) throws
        -> OutboxRepository.Draft
    {
        try build(template, arguments, origin)
    }
}

/// Builds the outbox draft of a free-text message (`origin` as in `messages.origin`).
package struct TextDraftBuilder: Sendable {
    let build: @Sendable (_ text: String, _ origin: String) -> OutboxRepository.Draft

    package init(_ build: @escaping @Sendable (_ text: String, _ origin: String) -> OutboxRepository.Draft) {
        self.build = build
    }

    func callAsFunction(_ text: String, _ origin: String) -> OutboxRepository.Draft {
        build(text, origin)
    }
}

/// What became of a due message.
package enum DueOutcome: Sendable, Equatable {
    case sent(message: UUID)
    /// Not sent, for this reason (a send rule's code, `invalid_number`, `template_unusable`…).
    case skipped(String)
    /// Flagged unresponsive instead of sending.
    case unresponsive
    /// Another instance took it, or it is no longer due.
    case notDue
}

extension TemplateRepository {
    /// The template `id`, read in the caller's transaction.
    static func template(_ id: UUID, on connection: PostgresConnection) async throws -> Stored? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM message_templates WHERE id = \(id)",
            logger: Database.silentLogger
        )
        return try await all(rows).first
    }
}
