import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// A contact's interactions: `GET/POST /contacts/{id}/interactions`,
/// `GET/PATCH/DELETE /contacts/{id}/interactions/{interaction}` and the "products bought"
/// view `GET /contacts/{id}/products`. Every call is audited with the contact as subject.
package struct InteractionsController: Sendable {
    private let interactions: InteractionRepository
    private let access: AuditedAccess

    package init(interactions: InteractionRepository, access: AuditedAccess) {
        self.interactions = interactions
        self.access = access
    }

    package func addRoutes(to routes: APIRoutes) {
        let collection = "/contacts/{id}/interactions"
        let item = "/contacts/{id}/interactions/{interaction}"
        routes.post(
            collection,
            use: access.handler(.contactsWrite, records: CRMAudit.interaction("create")) {
                request,
                context,
                identity in
                let contact = try ContactsController.contactID(context)
                let body = try await request.decodeJSON(as: InteractionInput.self, context: context)
                let fields = try body.created()
                let created = try await Self.owned {
                    try await interactions.create(tenant: identity.tenantID, contact: contact, fields: fields)
                }
                let response = try JSONResponse.make(
                    InteractionView(created),
                    status: .created,
                    headers: [.location: "\(Self.path(contact))/\(created.id.lowercasedString)"]
                )
                return (response, Self.touched(contact, created.id))
            }
        )
        routes.get(
            collection,
            use: access.handler(.contactsRead, records: CRMAudit.interaction("list")) {
                request,
                context,
                identity in
                let contact = try ContactsController.contactID(context)
                let query = request.uri.queryParameters
                let limit = try ContactsController.limit(query.get("limit"))
                let before = try query.get("before").map {
                    guard let id = UUID(uuidString: $0) else {
                        throw APIError.invalidField("before", expected: "an interaction id")
                    }
                    return id
                }
                let kind = try query.get("kind").map {
                    try FieldRules.oneOf($0, as: Interaction.Kind.self, field: "kind")
                }
                let page = try await Self.owned {
                    try await interactions.list(
                        tenant: identity.tenantID,
                        contact: contact,
                        before: before,
                        limit: limit,
                        kind: kind
                    )
                }
                let next = page.count == limit ? page.last?.id.lowercasedString : nil
                let response = try JSONResponse.make(
                    InteractionList(interactions: page.map(InteractionView.init), next: next)
                )
                return (response, CRMAudit.contact(contact, details: ["count": "\(page.count)"]))
            }
        )
        routes.get(
            "/contacts/{id}/products",
            use: access.handler(.contactsRead, records: CRMAudit.interaction("products")) {
                _,
                context,
                identity in
                let contact = try ContactsController.contactID(context)
                let products = try await Self.owned {
                    try await interactions.products(tenant: identity.tenantID, contact: contact)
                }
                return (
                    try JSONResponse.make(ProductList(products: products.map(ProductList.Line.init))),
                    CRMAudit.contact(contact, details: ["count": "\(products.count)"])
                )
            }
        )
        routes.get(
            item,
            use: access.handler(.contactsRead, records: CRMAudit.interaction("read")) {
                _,
                context,
                identity in
                let (contact, id) = try Self.ids(context)
                let found = try await Self.owned {
                    try await interactions.find(tenant: identity.tenantID, contact: contact, id: id)
                }
                guard let found else { throw APIError.notFound }
                return (try JSONResponse.make(InteractionView(found)), Self.touched(contact, id))
            }
        )
        routes.on(
            .patch,
            item,
            use: access.handler(.contactsWrite, records: CRMAudit.interaction("update")) {
                request,
                context,
                identity in
                let (contact, id) = try Self.ids(context)
                let body = try await request.decodeJSON(as: InteractionInput.self, context: context)
                let updated = try await Self.owned {
                    try await interactions.update(tenant: identity.tenantID, contact: contact, id: id) {
                        try body.applied(to: $0)
                    }
                }
                guard let updated else { throw APIError.notFound }
                return (try JSONResponse.make(InteractionView(updated)), Self.touched(contact, id))
            }
        )
        routes.on(
            .delete,
            item,
            use: access.handler(.contactsWrite, records: CRMAudit.interaction("delete")) {
                _,
                context,
                identity in
                let (contact, id) = try Self.ids(context)
                let deleted = try await Self.owned {
                    try await interactions.delete(tenant: identity.tenantID, contact: contact, id: id)
                }
                guard deleted else { throw APIError.notFound }
                return (Response(status: .noContent), Self.touched(contact, id))
            }
        )
    }

    /// Runs `body`, answering 404 for a missing contact and 410 for a merged one.
    private static func owned<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch InteractionRepository.Owner.missing {
            throw APIError.notFound
        } catch InteractionRepository.Owner.merged(let into) {
            throw APIError.contactMerged(nil, into: into)
        }
    }

    private static func ids(_ context: SigiloRequestContext) throws -> (UUID, UUID) {
        let contact = try ContactsController.contactID(context)
        guard let text = context.parameters.get("interaction"), let id = UUID(uuidString: text) else {
            throw APIError.notFound
        }
        return (contact, id)
    }

    private static func path(_ contact: UUID) -> String {
        "/contacts/\(contact.lowercasedString)/interactions"
    }

    private static func touched(_ contact: UUID, _ interaction: UUID) -> AuditedAccess.Touched {
        AuditedAccess.Touched(resourceID: interaction.lowercasedString, subjectID: contact.lowercasedString)
    }
}
