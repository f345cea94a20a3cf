import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// Quick replies: `GET /quick-replies` (`?prefix=` filters shortcuts) and `GET /quick-replies/{id}`
/// with `templates:read`; `POST`, `PATCH`, `DELETE` with `templates:manage`; and
/// `POST /quick-replies/{id}/render` (`messages:send`) fills the variables for one contact,
/// an audited read of that contact's name.
package struct QuickRepliesController: Sendable {
    private let replies: QuickReplyRepository
    private let contacts: ContactRepository
    private let tenants: TenantRepository
    private let access: AuditedAccess
    private let guardian: AccessGuard

    package init(
        replies: QuickReplyRepository,
        contacts: ContactRepository,
        tenants: TenantRepository,
        access: AuditedAccess,
        guardian: AccessGuard
    ) {
        self.replies = replies
        self.contacts = contacts
        self.tenants = tenants
        self.access = access
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/quick-replies",
            use: guardian.requiring(.templatesRead) { request, _, identity in
                // Shortcuts are stored without the `/` agents type before them.
                let prefix = request.uri.queryParameters.get("prefix").map {
                    String($0.hasPrefix("/") ? $0.dropFirst() : $0[...]).lowercased()
                }
                let found = try await replies.list(tenant: identity.tenantID, prefix: prefix)
                return try JSONResponse.make(["quick_replies": found.map(QuickReplyView.init)])
            }
        )
        routes.get(
            "/quick-replies/{id}",
            use: guardian.requiring(.templatesRead) { _, context, identity in
                guard let reply = try await replies.find(try context.pathID(), tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return try JSONResponse.make(QuickReplyView(reply: reply))
            }
        )
        routes.post(
            "/quick-replies",
            use: guardian.requiring(.templatesManage) { request, context, identity in
                let input = try await request.decodeJSON(as: QuickReplyInput.self, context: context)
                guard let shortcut = try input.checkedShortcut() else { throw APIError.missingField("shortcut") }
                guard let title = try input.checkedTitle() else { throw APIError.missingField("title") }
                guard let body = try input.checkedBody() else { throw APIError.missingField("body") }
                let reply = try await Self.unique {
                    try await replies.create(
                        shortcut: shortcut,
                        title: title,
                        body: body,
                        tenant: identity.tenantID,
                        audit: Self.draft("create", identity, context)
                    )
                }
                return try JSONResponse.make(QuickReplyView(reply: reply), status: .created)
            }
        )
        routes.patch(
            "/quick-replies/{id}",
            use: guardian.requiring(.templatesManage) { request, context, identity in
                let id = try context.pathID()
                let input = try await request.decodeJSON(as: QuickReplyInput.self, context: context)
                let (shortcut, title, body) = (
                    try input.checkedShortcut(), try input.checkedTitle(), try input.checkedBody()
                )
                guard
                    let reply = try await Self.unique({
                        try await replies.update(
                            id,
                            shortcut: shortcut,
                            title: title,
                            body: body,
                            tenant: identity.tenantID,
                            audit: Self.draft("update", identity, context)
                        )
                    })
                else { throw APIError.notFound }
                return try JSONResponse.make(QuickReplyView(reply: reply))
            }
        )
        routes.delete(
            "/quick-replies/{id}",
            use: guardian.requiring(.templatesManage) { _, context, identity in
                let deleted = try await replies.delete(
                    try context.pathID(),
                    tenant: identity.tenantID,
                    audit: Self.draft("delete", identity, context)
                )
                guard deleted else { throw APIError.notFound }
                return Response(status: .noContent)
            }
        )
        routes.post(
            "/quick-replies/{id}/render",
            use: access.handler(
                .messagesSend,
                records: RelationshipAudit.action("quick_reply.render", resourceType: "contact")
            ) {
                request,
                context,
                identity in
                let input = try await request.decodeJSON(as: RenderInput.self, context: context)
                guard let reply = try await replies.find(try context.pathID(), tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                guard
                    case .contact(let contact) = try await contacts.find(tenant: identity.tenantID, id: input.contactID)
                else { throw APIError.invalidField("contact_id", expected: "the id of one of your contacts") }
                let business = try await tenants.find(identity.tenantID)?.name ?? ""
                let name = contact.fields.name
                let values = [
                    "contact.name": name,
                    "contact.first_name": String(name.split(separator: " ").first ?? ""),
                    "business.name": business,
                ]
                let text = QuickReplyText.render(reply.body, values: values)
                return (try JSONResponse.make(["text": text]), CRMAudit.contact(input.contactID))
            }
        )
    }

    private static func draft(_ action: String, _ identity: Identity, _ context: SigiloRequestContext) -> AuditDraft {
        RelationshipAudit.draft(
            "quick_reply.\(action)",
            resourceType: "quick_reply",
            identity: identity,
            context: context
        )
    }

    private static func unique<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .conflict {
            throw APIError.conflict("Another quick reply already has this shortcut.")
        }
    }
}

/// A quick reply as `POST` (all fields) and `PATCH` (any of them) receive it.
struct QuickReplyInput: Decodable {
    var shortcut: String?
    var title: String?
    var body: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case shortcut, title, body }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shortcut = try container.decodeIfPresent(String.self, forKey: .shortcut)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        body = try container.decodeIfPresent(String.self, forKey: .body)
    }

    func checkedShortcut() throws -> String? {
        try shortcut.map { value in
            let trimmed = value.hasPrefix("/") ? String(value.dropFirst()) : value
            // ICU's `$` also matches before a final line break; PostgreSQL's does not.
            guard trimmed.range(of: "^[a-z0-9][a-z0-9_-]{0,31}$", options: .regularExpression) != nil,
                !trimmed.contains(where: \.isNewline)
            else {
                throw APIError.invalidField("shortcut", expected: "1 to 32 lower-case letters, digits, - or _")
            }
            return trimmed
        }
    }

    func checkedTitle() throws -> String? {
        try title.map { try FieldRules.text($0, field: "title", characters: 1...80) }
    }

    func checkedBody() throws -> String? {
        try body.map { value in
            let text = try FieldRules.text(value, field: "body", characters: 1...4096, multiline: true)
            do {
                _ = try QuickReplyText.variables(in: text)
            } catch {
                let known = QuickReplyText.variables.sorted().map { "{{\($0)}}" }.joined(separator: ", ")
                throw APIError.invalidField("body", expected: "text whose variables are among \(known)")
            }
            return text
        }
    }
}

struct RenderInput: Decodable {
    var contactID: UUID

    enum CodingKeys: String, CodingKey, CaseIterable { case contactID = "contact_id" }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        contactID = try decoder.container(keyedBy: CodingKeys.self).decode(UUID.self, forKey: .contactID)
    }
}

struct QuickReplyView: Encodable {
    var reply: QuickReplyRepository.QuickReply

    enum CodingKeys: String, CodingKey {
        case id, shortcut, title, body, variables
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reply.id.lowercasedString, forKey: .id)
        try container.encode(reply.shortcut, forKey: .shortcut)
        try container.encode(reply.title, forKey: .title)
        try container.encode(reply.body, forKey: .body)
        try container.encode((try? QuickReplyText.variables(in: reply.body)) ?? [], forKey: .variables)
        try container.encode(reply.createdAt, forKey: .createdAt)
        try container.encode(reply.updatedAt, forKey: .updatedAt)
    }
}
