import Foundation
import PostgresNIO
import SigiloCore

/// Messages Sigilo sends by itself (cadences, scheduled messages, menus, out-of-hours replies,
/// reminders), queued in the caller's transaction through the same checks as a person's.
enum AutomatedSend {
    /// Queues an approved template to `contact`, its arguments opened with the contact's key.
    static func template(
        _ templateID: UUID,
        to contact: UUID,
        channel: UUID?,
        origin: String,
        purpose: String,
        arguments: (ContactSubject) throws -> TemplateArguments?,
        tenant: UUID,
        now: Date,
        draft: TemplateDraftBuilder,
        outbox: OutboxRepository,
        keys: CRMKeys,
        on connection: PostgresConnection
    ) async throws -> DueOutcome {
        guard let template = try await TemplateRepository.template(templateID, on: connection),
            let subject = try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection)
        else { return .skipped("template_unusable") }
        let built: OutboxRepository.Draft
        do {
            built = try draft(template, try arguments(subject) ?? TemplateArguments(), origin)
        } catch let error as SealedDataError {
            throw error
        } catch {
            return .skipped("template_unusable")
        }
        do {
            let (message, _) = try await outbox.enqueue(
                tenant: tenant,
                contact: contact,
                channel: channel,
                built,
                now: now,
                audit: { message, conversation in
                    event(message, conversation, origin: origin, purpose: purpose, tenant: tenant)
                },
                on: connection
            )
            return .sent(message: message.id)
        } catch let refusal as OutboxRepository.Refusal {
            return .skipped(code(refusal))
        }
    }

    /// Queues free text in an open conversation (its customer-service window must be open).
    /// - Returns: the message, or the refusal's code.
    static func text(
        _ text: String,
        in conversation: UUID,
        origin: String,
        tenant: UUID,
        now: Date,
        draft: TextDraftBuilder,
        outbox: OutboxRepository,
        on connection: PostgresConnection
    ) async throws -> DueOutcome {
        do {
            let (message, _) = try await outbox.enqueue(
                tenant: tenant,
                conversation: conversation,
                draft(text, origin),
                now: now,
                audit: { message, conversation in
                    event(message, conversation, origin: origin, purpose: "customer_service", tenant: tenant)
                },
                on: connection
            )
            return .sent(message: message.id)
        } catch let refusal as OutboxRepository.Refusal {
            return .skipped(code(refusal))
        }
    }

    /// The stable code of a refusal, kept as the reason a message was skipped.
    static func code(_ refusal: OutboxRepository.Refusal) -> String {
        switch refusal {
        case .rule(let rule): rule.rawValue
        case .noChannel, .channelNotFound: "no_channel"
        case .contactNotFound: "contact_not_found"
        case .conversationNotFound, .conversationClosed, .notWhatsApp: "conversation_unusable"
        }
    }

    private static func event(
        _ message: StoredMessage,
        _ conversation: Conversation,
        origin: String,
        purpose: String,
        tenant: UUID
    ) -> AuditDraft {
        AuditDraft(
            tenantID: tenant,
            actorKind: "system",
            actorID: origin,
            action: "message.queue",
            resourceType: "message",
            resourceID: message.id.uuidString.lowercased(),
            subjectID: (conversation.contactID ?? conversation.id).uuidString.lowercased(),
            purpose: purpose,
            legalBasis: purpose == "customer_service" ? "legitimate_interest" : "consent",
            details: ["conversation": conversation.id.uuidString.lowercased(), "kind": message.content.type]
        )
    }
}
