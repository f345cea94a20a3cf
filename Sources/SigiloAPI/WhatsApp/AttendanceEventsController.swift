import Foundation
import HTTPTypes
import Hummingbird
import SigiloCore
package import SigiloStore

/// Attendance events from other systems: `POST /webhook/` (and `/webhook`), authenticated
/// with an integration key or an OAuth2 token holding `events:write`. Each event is applied
/// and audited in one transaction; a repeat of an event answers as the first time did
/// (200 instead of 201), a different event reusing an id is a 409.
package struct AttendanceEventsController: Sendable {
    private let events: AttendanceEvents
    private let conversations: ConversationRepository
    private let guardian: AccessGuard

    package init(events: AttendanceEvents, conversations: ConversationRepository, guardian: AccessGuard) {
        self.events = events
        self.conversations = conversations
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        // The router ignores a trailing slash: `/webhook/` and `/webhook` both land here.
        routes.post(
            "/webhook",
            use: guardian.requiring(.eventsWrite) { request, context, identity in
                try await receive(request, context: context, identity: identity)
            }
        )
    }

    private func receive(_ request: Request, context: SigiloRequestContext, identity: Identity) async throws -> Response
    {
        let input = try await request.decodeJSON(as: AttendanceEventInput.self, context: context)
        let event = try input.event(now: Date())
        let outcome: AttendanceEvents.Outcome
        do {
            outcome = try await events.apply(event, tenant: identity.tenantID) { event in
                Self.auditEvent(event, identity: identity, context: context)
            }
        } catch let refusal as AttendanceEvents.Refusal {
            throw APIError(refusal)
        } catch let error as StoreError where error.code == .conflict {
            // A message id already taken by a message that came another way.
            throw APIError(AttendanceEvents.Refusal.idReused)
        }
        let status: HTTPResponse.Status = outcome == .applied && event.type != "CLOSE_CONVERSATION" ? .created : .ok
        let conversationID: UUID
        switch event {
        case .newConversation(let id, _), .closeConversation(let id, _): conversationID = id
        case .newMessage(_, let conversation, _, _, _): conversationID = conversation
        }
        guard let (conversation, messages) = try await conversations.find(tenant: identity.tenantID, id: conversationID)
        else { throw APIError.notFound }
        let now = Date()
        if case .newMessage(let id, _, _, _, _) = event, let message = messages.first(where: { $0.id == id }) {
            return try JSONResponse.make(MessageView(message: message), status: status)
        }
        return try JSONResponse.make(
            ConversationView(conversation: conversation, messages: messages.map(MessageView.init), now: now),
            status: status
        )
    }

    private static func auditEvent(
        _ event: AttendanceEvent,
        identity: Identity,
        context: SigiloRequestContext
    )
        -> AuditDraft
    {
        let conversation: UUID
        let action: String
        switch event {
        case .newConversation(let id, _):
            (conversation, action) = (id, "conversation.open")
        case .closeConversation(let id, _):
            (conversation, action) = (id, "conversation.close")
        case .newMessage(_, let id, _, _, _):
            (conversation, action) = (id, "message.record")
        }
        return AuditDraft(
            tenantID: identity.tenantID,
            actorKind: identity.kind.rawValue,
            actorID: identity.subjectID.lowercasedString,
            action: action,
            resourceType: action.hasPrefix("message") ? "message" : "conversation",
            resourceID: event.id.lowercasedString,
            subjectID: conversation.lowercasedString,
            purpose: "customer_service",
            legalBasis: "legitimate_interest",
            requestID: context.requestID.value,
            details: ["source": "attendance_events", "type": event.type]
        )
    }
}

extension APIError {
    init(_ refusal: AttendanceEvents.Refusal) {
        switch refusal {
        case .idReused:
            self.init(.conflict, code: "id_conflict", message: "Another event already used this id.")
        case .conversationNotFound:
            self.init(.notFound, code: "conversation_not_found", message: "No conversation has this id.")
        case .conversationClosed:
            self.init(
                .conflict,
                code: "conversation_closed",
                message: "The conversation is closed; it takes no new message."
            )
        case .conversationExists:
            self.init(.conflict, code: "id_conflict", message: "A conversation with this id already exists.")
        case .notIntegration:
            self.init(
                .conflict,
                code: "not_an_integration_conversation",
                message: "This is a WhatsApp conversation; its messages and closing come through WhatsApp and the API."
            )
        }
    }
}
