import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// The relationship cadence and scheduled messages:
/// - `PUT/GET/DELETE /contacts/{id}/cadence` and `POST /contacts/{id}/cadence/resume`
///   (`contacts:write`; reading with `contacts:read`, audited: the parameters may name the person);
/// - `GET /cadences?state=due|unresponsive|invalid|all` (`contacts:read`);
/// - `POST /contacts/{id}/scheduled-messages`, `DELETE /scheduled-messages/{id}` (`messages:send`)
///   and `GET /scheduled-messages` (`messages:read`).
package struct CadencesController: Sendable {
    private let cadences: CadenceRepository
    private let scheduled: ScheduledMessageRepository
    private let templates: TemplateRepository
    private let access: AuditedAccess
    private let guardian: AccessGuard

    package init(
        cadences: CadenceRepository,
        scheduled: ScheduledMessageRepository,
        templates: TemplateRepository,
        access: AuditedAccess,
        guardian: AccessGuard
    ) {
        self.cadences = cadences
        self.scheduled = scheduled
        self.templates = templates
        self.access = access
        self.guardian = guardian
    }

    private static func draft(
        _ action: String,
        _ identity: Identity,
        _ context: SigiloRequestContext,
        _ id: UUID
    )
        -> AuditDraft
    {
        var draft = RelationshipAudit.draft(
            action,
            resourceType: "contact",
            identity: identity,
            context: context,
            resourceID: id.lowercasedString
        )
        draft.subjectID = id.lowercasedString
        draft.purpose = "relationship_cadence"
        return draft
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.put(
            "/contacts/{id}/cadence",
            use: guardian.requiring(.contactsWrite) { request, context, identity in
                let id = try ContactsController.contactID(context)
                let input = try await request.decodeJSON(as: CadencePlanInput.self, context: context)
                let plan = try await input.plan(templates: templates, tenant: identity.tenantID)
                guard
                    let cadence = try await Self.references({
                        try await cadences.set(
                            plan,
                            contact: id,
                            tenant: identity.tenantID,
                            audit: Self.draft("cadence.set", identity, context, id)
                        )
                    })
                else { throw APIError.notFound }
                return try JSONResponse.make(CadenceView(cadence: cadence))
            }
        )
        routes.get(
            "/contacts/{id}/cadence",
            use: access.handler(
                .contactsRead,
                records: AuditedAccess.Action(
                    "cadence.read",
                    resourceType: "contact",
                    purpose: "relationship_cadence",
                    legalBasis: RelationshipAudit.legalBasis
                )
            ) { _, context, identity in
                let id = try ContactsController.contactID(context)
                guard let cadence = try await cadences.find(contact: id, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return (try JSONResponse.make(CadenceView(cadence: cadence)), CRMAudit.contact(id))
            }
        )
        routes.delete(
            "/contacts/{id}/cadence",
            use: guardian.requiring(.contactsWrite) { _, context, identity in
                let id = try ContactsController.contactID(context)
                let removed = try await cadences.remove(
                    contact: id,
                    tenant: identity.tenantID,
                    audit: Self.draft("cadence.remove", identity, context, id)
                )
                guard removed else { throw APIError.notFound }
                return Response(status: .noContent)
            }
        )
        routes.post(
            "/contacts/{id}/cadence/resume",
            use: guardian.requiring(.contactsWrite) { request, context, identity in
                let id = try ContactsController.contactID(context)
                let at = try request.uri.queryParameters.get("next_due_at").map {
                    try FieldRules.timestamp(String($0), field: "next_due_at")
                }
                guard
                    let cadence = try await cadences.resume(
                        contact: id,
                        at: at,
                        tenant: identity.tenantID,
                        audit: Self.draft("cadence.resume", identity, context, id)
                    )
                else { throw APIError.notFound }
                return try JSONResponse.make(CadenceView(cadence: cadence))
            }
        )
        routes.get(
            "/cadences",
            use: access.handler(
                .contactsRead,
                records: AuditedAccess.Action(
                    "cadence.list",
                    resourceType: "contact",
                    purpose: "relationship_cadence",
                    legalBasis: RelationshipAudit.legalBasis
                )
            ) { request, _, identity in
                let query = request.uri.queryParameters
                let listing = try FieldRules.oneOf(
                    query.get("state").map { String($0) } ?? "all",
                    as: CadenceRepository.Listing.self,
                    field: "state"
                )
                let limit = try ContactsController.limit(query.get("limit"))
                let after = try ConversationsController.uuid(query.get("after"), field: "after")
                let page = try await cadences.list(listing, tenant: identity.tenantID, after: after, limit: limit)
                let response = try JSONResponse.make(
                    CadenceList(
                        cadences: page.map { CadenceView(cadence: $0) },
                        next: page.count == limit ? page.last?.contactID.lowercasedString : nil
                    )
                )
                return (response, CRMAudit.subjects(page.map(\.contactID)))
            }
        )
        addScheduledRoutes(to: routes)
    }

    private func addScheduledRoutes(to routes: APIRoutes) {
        routes.post(
            "/contacts/{id}/scheduled-messages",
            use: guardian.requiring(.messagesSend) { request, context, identity in
                let id = try ContactsController.contactID(context)
                let input = try await request.decodeJSON(as: ScheduledMessageInput.self, context: context)
                let sendAt = try FieldRules.timestamp(input.sendAt, field: "send_at")
                guard sendAt > Date() else { throw APIError.invalidField("send_at", expected: "a time in the future") }
                let arguments = input.parameters.map(\.arguments)
                try await ApprovedTemplate.check(
                    input.templateID,
                    arguments: arguments,
                    templates: templates,
                    tenant: identity.tenantID
                )
                var audit = Self.draft("scheduled_message.create", identity, context, id)
                audit.resourceType = "scheduled_message"
                guard
                    let created = try await Self.references({
                        try await scheduled.schedule(
                            contact: id,
                            templateID: input.templateID,
                            channelID: input.channelID,
                            arguments: arguments,
                            sendAt: sendAt,
                            createdBy: identity.kind == .user ? identity.subjectID : nil,
                            tenant: identity.tenantID,
                            audit: audit
                        )
                    })
                else { throw APIError.notFound }
                return try JSONResponse.make(ScheduledMessageView(scheduled: created), status: .created)
            }
        )
        routes.get(
            "/scheduled-messages",
            use: access.handler(
                .messagesRead,
                records: RelationshipAudit.action("scheduled_message.list", resourceType: "scheduled_message")
            ) {
                request,
                _,
                identity in
                let query = request.uri.queryParameters
                let state = try query.get("state").map { value -> String in
                    guard ["scheduled", "sent", "skipped", "cancelled"].contains(value) else {
                        throw APIError.invalidField("state", expected: "scheduled, sent, skipped or cancelled")
                    }
                    return String(value)
                }
                let limit = try ContactsController.limit(query.get("limit"))
                let page = try await scheduled.list(
                    tenant: identity.tenantID,
                    contact: try ConversationsController.uuid(query.get("contact_id"), field: "contact_id"),
                    state: state,
                    after: try ConversationsController.uuid(query.get("after"), field: "after"),
                    limit: limit
                )
                let response = try JSONResponse.make(
                    ScheduledList(
                        scheduledMessages: page.map { ScheduledMessageView(scheduled: $0) },
                        next: page.count == limit ? page.last?.id.lowercasedString : nil
                    )
                )
                return (response, CRMAudit.subjects(Array(Set(page.map(\.contactID)))))
            }
        )
        routes.delete(
            "/scheduled-messages/{id}",
            use: guardian.requiring(.messagesSend) { _, context, identity in
                let id = try context.pathID()
                var audit = Self.draft("scheduled_message.cancel", identity, context, id)
                audit.resourceType = "scheduled_message"
                switch try await scheduled.cancel(id, tenant: identity.tenantID, audit: audit) {
                case nil: throw APIError.notFound
                case false?:
                    throw APIError(
                        .conflict,
                        code: "already_processed",
                        message: "This message was already sent, skipped or cancelled."
                    )
                case true?: return Response(status: .noContent)
                }
            }
        )
    }

    /// A template or number that is not the tenant's is a 400 naming the field.
    private static func references<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .missingReference {
            throw APIError.invalidField("channel_id", expected: "the id of one of your numbers")
        }
    }
}

struct CadenceList: Encodable {
    var cadences: [CadenceView]
    var next: String?
}

struct ScheduledList: Encodable {
    var scheduledMessages: [ScheduledMessageView]
    var next: String?

    enum CodingKeys: String, CodingKey {
        case scheduledMessages = "scheduled_messages"
        case next
    }
}
