import Foundation
import Hummingbird
import SigiloCore
import SigiloStore
import SigiloWhatsApp

extension ConversationsController {
    func addSendRoutes(to routes: APIRoutes) {
        routes.post(
            "/conversations/{id}/messages",
            use: access.handler(.messagesSend, records: WhatsAppAudit.message("send")) { request, context, identity in
                let id = try context.pathID()
                let input = try await request.decodeJSON(as: MessageInput.self, context: context)
                guard input.channelID == nil else {
                    throw APIError.invalidField("channel_id", expected: "absent: the conversation's number is used")
                }
                let prepared = try await input.prepared(templates: dependencies.templates, tenant: identity.tenantID)
                let (message, conversation) = try await Self.refusing {
                    try await dependencies.outbox.enqueue(
                        tenant: identity.tenantID,
                        conversation: id,
                        Self.draft(prepared, sentBy: identity),
                        audit: { message, conversation in
                            Self.queuedEvent(message, conversation, identity: identity, context: context)
                        }
                    )
                }
                return try respond(message, conversation)
            }
        )
        routes.post(
            "/contacts/{id}/messages",
            use: access.handler(.messagesSend, records: WhatsAppAudit.message("send")) { request, context, identity in
                let contact = try ContactsController.contactID(context)
                let input = try await request.decodeJSON(as: MessageInput.self, context: context)
                let prepared = try await input.prepared(templates: dependencies.templates, tenant: identity.tenantID)
                let (message, conversation) = try await Self.refusing {
                    try await dependencies.outbox.enqueue(
                        tenant: identity.tenantID,
                        contact: contact,
                        channel: input.channelID,
                        Self.draft(prepared, sentBy: identity),
                        audit: { message, conversation in
                            Self.queuedEvent(message, conversation, identity: identity, context: context)
                        }
                    )
                }
                return try respond(message, conversation)
            }
        )
    }

    /// 202: the message is queued; its status moves as the sender and Meta's receipts report.
    /// The queueing was audited with the write; the response is audited as a read of it.
    private func respond(
        _ message: StoredMessage,
        _ conversation: Conversation
    ) throws
        -> (Response, AuditedAccess.Touched)
    {
        dependencies.sender?.wake()
        let response = try JSONResponse.make(
            MessageView(message: message),
            status: .accepted,
            headers: [.location: "/conversations/\(conversation.id.lowercasedString)"]
        )
        var touched = Self.touched(conversation)
        touched.details["message"] = message.id.lowercasedString
        return (response, touched)
    }

    private static func draft(_ prepared: PreparedMessage, sentBy identity: Identity) -> OutboxRepository.Draft {
        OutboxRepository.Draft(
            content: prepared.stored,
            templateCategory: prepared.templateCategory,
            replyTo: prepared.replyTo,
            sentBy: identity.kind == .user ? identity.subjectID : nil,
            origin: identity.kind == .user ? "agent" : "api"
        ) { recipient, id in
            try prepared.request(to: recipient, id: id)
        }
    }

    private static func queuedEvent(
        _ message: StoredMessage,
        _ conversation: Conversation,
        identity: Identity,
        context: SigiloRequestContext
    ) -> AuditDraft {
        AuditDraft(
            tenantID: identity.tenantID,
            actorKind: identity.kind.rawValue,
            actorID: identity.subjectID.lowercasedString,
            action: "message.queue",
            resourceType: "message",
            resourceID: message.id.lowercasedString,
            subjectID: (conversation.contactID ?? conversation.id).lowercasedString,
            purpose: "customer_service",
            legalBasis: "legitimate_interest",
            requestID: context.requestID.value,
            details: ["conversation": conversation.id.lowercasedString, "kind": message.content.type]
        )
    }

    /// Runs `body`, turning the outbox's refusals into their 4xx answers.
    static func refusing<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let refusal as OutboxRepository.Refusal {
            throw APIError(refusal)
        }
    }
}

extension APIError {
    init(_ refusal: OutboxRepository.Refusal) {
        switch refusal {
        case .conversationNotFound, .contactNotFound:
            self = .notFound
        case .conversationClosed:
            self.init(
                .conflict,
                code: "conversation_closed",
                message: "The conversation is closed; reopen it or write to the contact."
            )
        case .notWhatsApp:
            self.init(
                .conflict,
                code: "not_a_whatsapp_conversation",
                message: "This conversation was reported by another system; it cannot carry WhatsApp messages."
            )
        case .channelNotFound:
            self = .invalidField("channel_id", expected: "the id of one of your WhatsApp numbers that is not disabled")
        case .noChannel:
            self.init(
                .conflict,
                code: "no_whatsapp_channel",
                message: "No active WhatsApp number to send from; add one under /whatsapp/channels."
            )
        case .rule(.optedOut):
            self.init(.conflict, code: "opted_out", message: "The contact opted out of these messages.")
        case .rule(.invalidNumber):
            self.init(
                .conflict,
                code: "invalid_number",
                message: "WhatsApp reported the contact's number undeliverable; correct it first."
            )
        case .rule(.windowClosed):
            self.init(
                .conflict,
                code: "window_closed",
                message: "The customer has not written in the last 24 hours; only an approved template can be sent."
            )
        case .rule(.consentRequired):
            self.init(
                .conflict,
                code: "consent_required",
                message: "A message the business starts needs the contact's opt-in (opt_in \"opted_in\")."
            )
        }
    }
}
