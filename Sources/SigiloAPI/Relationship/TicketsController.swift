import Foundation
import Hummingbird
package import SigiloStore

/// Tickets (permission `tickets:manage`): `GET /tickets` (filters status, queue_id,
/// assignee_id, unassigned), `GET /tickets/{id}` with its history, and
/// `POST /tickets/{id}/status|assign|transfer`. A ticket's id is its conversation's.
package struct TicketsController: Sendable {
    private let tickets: TicketRepository
    private let access: AuditedAccess
    private let guardian: AccessGuard

    package init(tickets: TicketRepository, access: AuditedAccess, guardian: AccessGuard) {
        self.tickets = tickets
        self.access = access
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/tickets",
            use: access.handler(
                .ticketsManage,
                records: RelationshipAudit.action("ticket.list", resourceType: "ticket")
            ) {
                request,
                _,
                identity in
                try await list(request, identity: identity)
            }
        )
        routes.get(
            "/tickets/{id}",
            use: access.handler(
                .ticketsManage,
                records: RelationshipAudit.action("ticket.read", resourceType: "ticket")
            ) {
                _,
                context,
                identity in
                let id = try context.pathID()
                guard let (ticket, history) = try await tickets.find(id, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                let view = TicketView(ticket: ticket, history: history.map(TicketEventView.init))
                return (try JSONResponse.make(view), Self.touched(ticket))
            }
        )
        routes.post(
            "/tickets/{id}/status",
            use: guardian.requiring(.ticketsManage) { request, context, identity in
                let input = try await request.decodeJSON(as: TicketStatusInput.self, context: context)
                let status = try FieldRules.oneOf(input.status, as: Ticket.Status.self, field: "status")
                let until = try input.until.map { try FieldRules.timestamp($0, field: "until") }
                switch (status, until) {
                case (.snoozed, nil): throw APIError.missingField("until")
                case (.snoozed, let until?) where until <= Date():
                    throw APIError.invalidField("until", expected: "a time in the future")
                case (.open, _?), (.pending, _?), (.closed, _?):
                    throw APIError.invalidField("until", expected: "absent unless status is snoozed")
                default: break
                }
                return try await change(context: context, identity: identity, action: "ticket.status") { id, audit in
                    try await tickets.setStatus(
                        id,
                        to: status,
                        until: until,
                        reason: try Self.reason(input.reason),
                        actor: RelationshipAudit.actor(identity),
                        tenant: identity.tenantID,
                        audit: audit
                    )
                }
            }
        )
        routes.post(
            "/tickets/{id}/assign",
            use: guardian.requiring(.ticketsManage) { request, context, identity in
                let input = try await request.decodeJSON(as: TicketRouteInput.self, context: context)
                guard input.queueID == nil else {
                    throw APIError.invalidField("queue_id", expected: "absent: use /tickets/{id}/transfer")
                }
                guard input.hasAssignee else { throw APIError.missingField("assignee_id") }
                return try await change(context: context, identity: identity, action: "ticket.assign") { id, audit in
                    try await tickets.assign(
                        id,
                        to: input.assigneeID,
                        reason: try Self.reason(input.reason),
                        actor: RelationshipAudit.actor(identity),
                        tenant: identity.tenantID,
                        audit: audit
                    )
                }
            }
        )
        routes.post(
            "/tickets/{id}/transfer",
            use: guardian.requiring(.ticketsManage) { request, context, identity in
                let input = try await request.decodeJSON(as: TicketRouteInput.self, context: context)
                guard input.queueID != nil || input.assigneeID != nil else {
                    throw APIError.missingField("queue_id")
                }
                return try await change(context: context, identity: identity, action: "ticket.transfer") { id, audit in
                    try await tickets.transfer(
                        id,
                        queue: input.queueID,
                        agent: input.assigneeID,
                        reason: try Self.reason(input.reason),
                        actor: RelationshipAudit.actor(identity),
                        tenant: identity.tenantID,
                        audit: audit
                    )
                }
            }
        )
    }

    private func list(_ request: Request, identity: Identity) async throws -> (Response, AuditedAccess.Touched) {
        let query = request.uri.queryParameters
        let limit = try ContactsController.limit(query.get("limit"))
        var filter = TicketRepository.Filter()
        filter.status = try query.get("status").map {
            try FieldRules.oneOf($0, as: Ticket.Status.self, field: "status")
        }
        filter.queue = try ConversationsController.uuid(query.get("queue_id"), field: "queue_id")
        filter.assignee = try ConversationsController.uuid(query.get("assignee_id"), field: "assignee_id")
        switch query.get("unassigned") {
        case nil, "false": break
        case "true": filter.unassigned = true
        default: throw APIError.invalidField("unassigned", expected: "true or false")
        }
        let after = try ConversationsController.uuid(query.get("after"), field: "after")
        let page = try await tickets.list(tenant: identity.tenantID, filter: filter, after: after, limit: limit)
        let response = try JSONResponse.make(
            TicketList(
                tickets: page.map { TicketView(ticket: $0) },
                next: page.count == limit ? page.last?.id.lowercasedString : nil
            )
        )
        return (response, CRMAudit.subjects(Array(Set(page.compactMap(\.contactID)))))
    }

    /// Runs a ticket change, answering its refusals with their 4xx.
    private func change(
        context: SigiloRequestContext,
        identity: Identity,
        action: String,
        _ body: (UUID, AuditDraft) async throws -> Ticket
    ) async throws -> Response {
        let id = try context.pathID()
        let audit = RelationshipAudit.draft(action, resourceType: "ticket", identity: identity, context: context)
        do {
            return try JSONResponse.make(TicketView(ticket: try await body(id, audit)))
        } catch let refusal as TicketRepository.Refusal {
            switch refusal {
            case .notFound: throw APIError.notFound
            case .anotherOpen:
                throw APIError(
                    .conflict,
                    code: "conversation_open",
                    message: "The contact has another open conversation on this number; close it first."
                )
            case .unknownReference(let field):
                throw APIError.invalidField(field, expected: "the id of one of your queues or active users")
            }
        }
    }

    /// Optional free text up to 500 characters.
    static func reason(_ text: String?) throws -> String? {
        try text.map { try FieldRules.text($0, field: "reason", characters: 1...500, multiline: true) }
    }

    static func touched(_ ticket: Ticket) -> AuditedAccess.Touched {
        AuditedAccess.Touched(
            resourceID: ticket.id.lowercasedString,
            subjectID: (ticket.contactID ?? ticket.subjectID).lowercasedString
        )
    }
}
