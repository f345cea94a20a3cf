import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// Message templates: `GET/POST /templates`, `GET/PUT/DELETE /templates/{id}` and
/// `POST /templates/{id}/render` (a preview, and the check a send will use).
///
/// Agents read templates (`templates:read`); admins manage them (`templates:manage`), and
/// each change is in the audit trail. Until the WhatsApp issue syncs statuses from Meta, an
/// admin sets `status` by hand.
package struct TemplatesController: Sendable {
    private let templates: TemplateRepository
    private let access: AuditedAccess

    package init(templates: TemplateRepository, access: AuditedAccess) {
        self.templates = templates
        self.access = access
    }

    package func addRoutes(to routes: APIRoutes) {
        let guardian = access.guardian
        routes.post(
            "/templates",
            use: access.handler(.templatesManage, records: CRMAudit.template("create")) {
                request,
                context,
                identity in
                let body = try await request.decodeJSON(as: TemplateInput.self, context: context)
                let stored = try await Self.unique {
                    try await templates.create(tenant: identity.tenantID, template: try body.checked())
                }
                let response = try JSONResponse.make(
                    TemplateView(stored: stored),
                    status: .created,
                    headers: [.location: "/templates/\(stored.id.lowercasedString)"]
                )
                return (response, AuditedAccess.Touched(resourceID: stored.id.lowercasedString))
            }
        )
        routes.get(
            "/templates",
            use: guardian.requiring(.templatesRead) { request, _, identity in
                let query = request.uri.queryParameters
                let limit = try ContactsController.limit(query.get("limit"))
                let after = try query.get("after").map {
                    guard let id = UUID(uuidString: $0) else {
                        throw APIError.invalidField("after", expected: "a template id")
                    }
                    return id
                }
                let status = try query.get("status").map {
                    try FieldRules.oneOf($0, as: TemplateStatus.self, field: "status")
                }
                let page = try await templates.list(
                    tenant: identity.tenantID,
                    after: after,
                    limit: limit,
                    status: status
                )
                let next = page.count == limit ? page.last?.id.lowercasedString : nil
                return try JSONResponse.make(TemplateList(templates: page.map { TemplateView(stored: $0) }, next: next))
            }
        )
        routes.get(
            "/templates/{id}",
            use: guardian.requiring(.templatesRead) { _, context, identity in
                guard let stored = try await templates.find(tenant: identity.tenantID, id: try Self.templateID(context))
                else {
                    throw APIError.notFound
                }
                return try JSONResponse.make(TemplateView(stored: stored))
            }
        )
        routes.on(
            .put,
            "/templates/{id}",
            use: access.handler(.templatesManage, records: CRMAudit.template("update")) {
                request,
                context,
                identity in
                let id = try Self.templateID(context)
                let body = try await request.decodeJSON(as: TemplateInput.self, context: context)
                let template = try body.checked()
                let stored = try await Self.unique {
                    try await templates.replace(tenant: identity.tenantID, id: id, with: template)
                }
                guard let stored else { throw APIError.notFound }
                return (
                    try JSONResponse.make(TemplateView(stored: stored)),
                    AuditedAccess.Touched(resourceID: id.lowercasedString)
                )
            }
        )
        routes.on(
            .delete,
            "/templates/{id}",
            use: access.handler(.templatesManage, records: CRMAudit.template("delete")) {
                _,
                context,
                identity in
                let id = try Self.templateID(context)
                guard try await templates.delete(tenant: identity.tenantID, id: id) else { throw APIError.notFound }
                return (Response(status: .noContent), AuditedAccess.Touched(resourceID: id.lowercasedString))
            }
        )
        routes.post(
            "/templates/{id}/render",
            use: guardian.requiring(.templatesRead) { request, context, identity in
                guard let stored = try await templates.find(tenant: identity.tenantID, id: try Self.templateID(context))
                else {
                    throw APIError.notFound
                }
                let body = try await request.decodeJSON(as: TemplateRenderInput.self, context: context)
                let rendered: RenderedTemplate
                do {
                    rendered = try stored.template.render(header: body.header, body: body.body, buttons: body.buttons)
                } catch let error as TemplateRenderError {
                    throw APIError.invalidField(error.field, expected: error.reason)
                }
                return try JSONResponse.make(
                    RenderedTemplateView(
                        headerText: rendered.headerText,
                        bodyText: rendered.bodyText,
                        components: rendered.components,
                        sendable: stored.template.isSendable
                    )
                )
            }
        )
    }

    private static func unique<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as StoreError where error.code == .conflict {
            throw APIError.conflict("The tenant already has a template with this name and language.")
        }
    }

    private static func templateID(_ context: SigiloRequestContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw APIError.notFound }
        return id
    }
}
