import AsyncHTTPClient
import Foundation
import Logging
import SigiloAI
import SigiloCore
import SigiloStore

/// What goes to the model for one conversation, and the call itself.
///
/// Before anything leaves: the tenant's AI must be on, the contact's `ai_processing` consent
/// granted (unless the tenant relies on another basis), only the last `max_messages` messages
/// are taken, and every name, number, e-mail, document, card and address in them is replaced
/// by a placeholder (``PIIMinimiser``, seeded with what the CRM knows of the contact). The
/// call is audited before it is made (who, which provider and model, how many characters,
/// never the content); the answer's placeholders are restored only on our side.
struct Copilot: Sendable {
    let configuration: AIConfiguration
    let backend: AIBackend
    let httpClient: HTTPClient
    let ai: AIRepository
    let conversations: ConversationRepository
    let contacts: ContactRepository
    let interactions: InteractionRepository
    let quickReplies: QuickReplyRepository
    let tenants: TenantRepository

    /// Why nothing was sent to the model.
    enum Refusal: Error, Equatable {
        case disabled
        case noConsent
        case notFound
        case notWhatsApp
    }

    /// A conversation ready for the model: minimised messages and the means to restore.
    struct Prepared: Sendable {
        var tenant: UUID
        var conversation: Conversation
        var contact: UUID
        var settings: AISettings
        var business: CopilotPrompt.Business
        var history: [ChatMessage]
        var minimiser: PIIMinimiser
        /// The customer's latest message, for sentiment and hand-off.
        var lastInbound: (id: UUID, text: String)?
    }

    func prepare(_ id: UUID, tenant: UUID) async throws -> Prepared {
        let settings = try await ai.settings(tenant: tenant)
        guard settings.enabled else { throw Refusal.disabled }
        guard
            let (conversation, messages) = try await conversations.find(
                tenant: tenant,
                id: id,
                limit: settings.maxMessages
            )
        else { throw Refusal.notFound }
        guard let contactID = conversation.contactID else { throw Refusal.notWhatsApp }
        if settings.requiresConsent, !(try await ai.consents(contact: contactID, tenant: tenant)) {
            throw Refusal.noConsent
        }
        guard case .contact(let contact) = try await contacts.find(tenant: tenant, id: contactID) else {
            throw Refusal.notFound
        }
        let known = KnownPersonalData(
            names: [contact.fields.name],
            phones: contact.fields.phones.map(\.number) + (contact.fields.whatsappID.map { [$0.digits] } ?? []),
            emails: contact.fields.emails.map(\.address)
        )
        let history = messages.compactMap { message -> ChatMessage? in
            guard let text = Self.text(of: message.content) else { return nil }
            return message.direction == "inbound" ? .user(text) : .assistant(text)
        }
        let last = messages.last { $0.direction == "inbound" }
        let business = CopilotPrompt.Business(
            name: try await tenants.find(tenant)?.name ?? "",
            description: settings.businessDescription,
            quickReplies: try await quickReplies.list(tenant: tenant, prefix: nil).prefix(20).map {
                ($0.title, $0.body)
            },
            interactions: try await interactions.list(tenant: tenant, contact: contactID, before: nil, limit: 5)
                .map(Self.summary)
        )
        return Prepared(
            tenant: tenant,
            conversation: conversation,
            contact: contactID,
            settings: settings,
            business: business,
            history: history,
            minimiser: PIIMinimiser(known: known),
            lastInbound: last.map { ($0.id, Self.text(of: $0.content) ?? "") }
        )
    }

    /// Asks the model for `T` with `instructions` before the (minimised) conversation; the
    /// call is audited first. `purpose` names why (`auto_answer`, `suggestions`, `summary`).
    func ask<T: Decodable>(
        _ type: T.Type,
        instructions: String,
        _ prepared: inout Prepared,
        purpose: String,
        actor: (kind: String, id: String),
        requestID: String = "",
        logger: Logger
    ) async throws -> T {
        let messages = prepared.minimiser.minimise([.system(instructions)] + prepared.history)
        var model = backend
        if let own = prepared.settings.model { model.model = own }
        let characters = messages.reduce(0) { $0 + $1.content.count }
        let tenant = prepared.tenant
        try await ai.record(
            event(
                "ai.send",
                prepared,
                tenant: tenant,
                actor: actor,
                requestID: requestID,
                details: [
                    "provider": configuration.provider, "model": model.model, "purpose": purpose,
                    "characters": "\(characters)", "messages": "\(messages.count)",
                    "international": "\(configuration.international)",
                ]
            ),
            tenant: tenant
        )
        do {
            let client = ChatClient(httpClient: httpClient, backend: model)
            return try await client.completeStructured(
                T.self,
                messages: messages,
                options: ChatOptions(maxTokens: 600, temperature: 0.3),
                logger: logger
            ).value
        } catch {
            var failed = event(
                "ai.error",
                prepared,
                tenant: tenant,
                actor: actor,
                requestID: requestID,
                details: [
                    "provider": configuration.provider, "purpose": purpose, "error": error.code,
                ]
            )
            failed.outcome = "failure"
            try? await ai.record(failed, tenant: tenant)
            throw error
        }
    }

    private func event(
        _ action: String,
        _ prepared: Prepared,
        tenant: UUID,
        actor: (kind: String, id: String),
        requestID: String,
        details: [String: String]
    ) -> AuditDraft {
        AuditDraft(
            tenantID: tenant,
            actorKind: actor.kind,
            actorID: actor.id,
            action: action,
            resourceType: "conversation",
            resourceID: prepared.conversation.id.uuidString.lowercased(),
            subjectID: prepared.contact.uuidString.lowercased(),
            purpose: "ai_processing",
            legalBasis: prepared.settings.requiresConsent ? "consent" : "legitimate_interest",
            requestID: requestID,
            details: details
        )
    }

    /// The customer's latest words in the conversation (read here, never sent anywhere).
    func lastCustomerText(_ id: UUID, tenant: UUID) async throws -> String? {
        guard let (_, messages) = try await conversations.find(tenant: tenant, id: id, limit: 5) else { return nil }
        return messages.last { $0.direction == "inbound" }.flatMap { Self.text(of: $0.content) }
    }

    /// The words of a message, as the model should read them.
    static func text(of content: MessageContent) -> String? {
        if let text = content.text, !text.isEmpty { return text }
        if let caption = content.media?.caption { return caption }
        if let choice = content.choice { return choice.title }
        if content.media != nil { return "[\(content.type)]" }
        return nil
    }

    /// An interaction without personal data: date, kind, product and amount
    /// (`2026-11-02: purchase — Plano Anual — BRL 1200.00`; amounts in hundredths, as stored).
    static func summary(_ interaction: Interaction) -> String {
        let fields = interaction.fields
        var parts = [ISO8601DateFormatter().string(from: fields.occurredAt).prefix(10) + ": " + fields.kind.rawValue]
        if let product = fields.product { parts.append(product) }
        if let amount = fields.amount {
            parts.append("\(amount.currency) " + String(format: "%.2f", Double(amount.minorUnits) / 100))
        }
        return parts.joined(separator: " — ")
    }
}
