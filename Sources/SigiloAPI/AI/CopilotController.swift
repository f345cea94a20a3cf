import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SigiloAI
import SigiloCore
import SigiloStore

/// The AI copilot's routes:
/// - `GET /ai/settings` (`tickets:manage`), `PUT /ai/settings` (`settings:manage`);
/// - `POST /conversations/{id}/suggestions` and `POST /conversations/{id}/summary`
///   (`messages:send`: people who answer customers; an integration key, which may only read
///   messages, cannot send a conversation to the AI provider): up to three drafts and the
///   customer's sentiment, or a summary;
/// - `POST /ai/fine-tune` (`settings:manage`, a CSV body), `GET /ai/fine-tunes` and
///   `GET /ai/fine-tunes/{id}` (which asks the provider for news).
struct CopilotController: Sendable {
    let copilot: Copilot?
    let configuration: AIConfiguration
    let ai: AIRepository
    let httpClient: HTTPClient
    let access: AuditedAccess
    let guardian: AccessGuard

    static let fineTunePath = "/ai/fine-tune"

    func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/ai/settings",
            use: guardian.requiring(.ticketsManage) { _, _, identity in
                try JSONResponse.make(
                    AISettingsView(
                        settings: try await ai.settings(tenant: identity.tenantID),
                        configuration: configuration
                    )
                )
            }
        )
        routes.put(
            "/ai/settings",
            use: guardian.requiring(.settingsManage) { request, context, identity in
                let input = try await request.decodeJSON(as: AISettingsInput.self, context: context)
                let settings = try input.applied(to: try await ai.settings(tenant: identity.tenantID))
                if input.enabled == true, configuration.backend == nil {
                    throw APIError(
                        .conflict,
                        code: "ai_not_configured",
                        message: "This deployment has no AI backend; the operator sets ai.backend."
                    )
                }
                let audit = RelationshipAudit.draft(
                    "ai.settings",
                    resourceType: "tenant",
                    identity: identity,
                    context: context,
                    resourceID: identity.tenantID.lowercasedString,
                    details: ["enabled": "\(settings.enabled)", "requires_consent": "\(settings.requiresConsent)"]
                )
                try await ai.save(settings, tenant: identity.tenantID, audit: audit)
                return try JSONResponse.make(AISettingsView(settings: settings, configuration: configuration))
            }
        )
        routes.post(
            "/conversations/{id}/suggestions",
            use: access.handler(
                .messagesSend,
                records: Self.action("ai.suggest")
            ) {
                _,
                context,
                identity in
                let id = try context.pathID()
                var prepared = try await prepare(id, tenant: identity.tenantID)
                let drafts: SuggestedReplies = try await ask(
                    instructions: CopilotPrompt.suggestions(prepared.business),
                    &prepared,
                    purpose: "suggestions",
                    identity: identity,
                    context: context
                )
                let restored = drafts.suggestions.prefix(3).map { prepared.minimiser.restore($0) }
                if let sentiment = drafts.sentiment, let message = prepared.lastInbound?.id {
                    try await ai.recordSentiment(
                        message: message,
                        conversation: id,
                        label: sentiment.label.rawValue,
                        score: sentiment.score,
                        tenant: identity.tenantID
                    )
                }
                let view = SuggestionsView(suggestions: Array(restored), sentiment: SentimentView(drafts.sentiment))
                return (try JSONResponse.make(view), Self.touched(prepared))
            }
        )
        routes.post(
            "/conversations/{id}/summary",
            use: access.handler(
                .messagesSend,
                records: Self.action("ai.summary")
            ) {
                _,
                context,
                identity in
                var prepared = try await prepare(try context.pathID(), tenant: identity.tenantID)
                let summary: ConversationSummary = try await ask(
                    instructions: CopilotPrompt.summary(prepared.business),
                    &prepared,
                    purpose: "summary",
                    identity: identity,
                    context: context
                )
                let text = prepared.minimiser.restore(summary.summary)
                return (try JSONResponse.make(["summary": text]), Self.touched(prepared))
            }
        )
        addFineTuneRoutes(to: routes)
    }

    private func prepare(_ id: UUID, tenant: UUID) async throws -> Copilot.Prepared {
        guard let copilot else { throw Self.notConfigured }
        do {
            return try await copilot.prepare(id, tenant: tenant)
        } catch let refusal as Copilot.Refusal {
            switch refusal {
            case .notFound: throw APIError.notFound
            case .disabled:
                throw APIError(.conflict, code: "ai_disabled", message: "The AI copilot is off for this tenant.")
            case .noConsent:
                throw APIError(
                    .conflict,
                    code: "consent_required",
                    message: "The contact has not consented to AI processing (purpose ai_processing)."
                )
            case .notWhatsApp:
                throw APIError(
                    .conflict,
                    code: "not_a_whatsapp_conversation",
                    message: "The copilot works on WhatsApp conversations."
                )
            }
        }
    }

    private func ask<T: Decodable>(
        instructions: String,
        _ prepared: inout Copilot.Prepared,
        purpose: String,
        identity: Identity,
        context: SigiloRequestContext
    ) async throws -> T {
        guard let copilot else { throw Self.notConfigured }
        do {
            return try await copilot.ask(
                T.self,
                instructions: instructions,
                &prepared,
                purpose: purpose,
                actor: (identity.kind.rawValue, identity.subjectID.lowercasedString),
                requestID: context.requestID.value,
                logger: context.logger
            )
        } catch let error as AIError {
            throw Self.unavailable(error)
        }
    }

    static let notConfigured = APIError(
        .conflict,
        code: "ai_not_configured",
        message: "This deployment has no AI backend; the operator sets ai.backend."
    )

    /// The provider failed: 502 (503 when it is rate-limiting us), its code only.
    static func unavailable(_ error: AIError) -> APIError {
        APIError(
            error.code == "ai_rate_limited" ? .serviceUnavailable : .badGateway,
            code: "ai_unavailable",
            message: "The AI provider did not answer (\(error.code)); try again later."
        )
    }

    /// A copilot call on a conversation: the processing the `ai_processing` consent covers.
    static func action(_ name: String) -> AuditedAccess.Action {
        AuditedAccess.Action(name, resourceType: "conversation", purpose: "ai_processing", legalBasis: "consent")
    }

    static func touched(_ prepared: Copilot.Prepared) -> AuditedAccess.Touched {
        AuditedAccess.Touched(
            resourceID: prepared.conversation.id.lowercasedString,
            subjectID: prepared.contact.lowercasedString
        )
    }
}
