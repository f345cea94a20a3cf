import Foundation
import Hummingbird
package import SigiloStore

/// A tenant's WhatsApp numbers: `GET/POST /whatsapp/channels`,
/// `GET/PATCH/DELETE /whatsapp/channels/{id}` (permission `settings:manage`). Changes are
/// audited; secrets are accepted and never returned.
package struct ChannelsController: Sendable {
    private let channels: ChannelRepository
    private let access: AuditedAccess
    private let defaults: WhatsAppConfiguration

    package init(channels: ChannelRepository, access: AuditedAccess, defaults: WhatsAppConfiguration) {
        self.channels = channels
        self.access = access
        self.defaults = defaults
    }

    package func addRoutes(to routes: APIRoutes) {
        let collection = "/whatsapp/channels"
        let item = "/whatsapp/channels/{id}"
        routes.post(
            collection,
            use: access.handler(.settingsManage, records: WhatsAppAudit.channel("create")) {
                request,
                context,
                identity in
                let body = try await request.decodeJSON(as: ChannelInput.self, context: context)
                let changes = try body.changes(creating: true, defaults: defaults)
                let created: WhatsAppChannel
                do {
                    created = try await channels.create(tenant: identity.tenantID, changes)
                } catch let error as StoreError where error.code == .conflict {
                    throw APIError.conflict("That phone-number id is already registered.")
                }
                let response = try JSONResponse.make(
                    ChannelView(created),
                    status: .created,
                    headers: [.location: "\(collection)/\(created.id.lowercasedString)"]
                )
                return (response, Self.touched(created.id))
            }
        )
        routes.get(
            collection,
            use: access.handler(.settingsManage, records: WhatsAppAudit.channel("list")) { _, _, identity in
                let list = try await channels.list(tenant: identity.tenantID)
                return (
                    try JSONResponse.make(ChannelList(channels: list.map(ChannelView.init))),
                    AuditedAccess.Touched(details: ["count": "\(list.count)"])
                )
            }
        )
        routes.get(
            item,
            use: access.handler(.settingsManage, records: WhatsAppAudit.channel("read")) { _, context, identity in
                let id = try context.pathID()
                guard let found = try await channels.find(tenant: identity.tenantID, id: id) else {
                    throw APIError.notFound
                }
                return (try JSONResponse.make(ChannelView(found)), Self.touched(id))
            }
        )
        routes.on(
            .patch,
            item,
            use: access.handler(.settingsManage, records: WhatsAppAudit.channel("update")) {
                request,
                context,
                identity in
                let id = try context.pathID()
                let body = try await request.decodeJSON(as: ChannelInput.self, context: context)
                let changes = try body.changes(creating: false, defaults: defaults)
                guard let updated = try await channels.update(tenant: identity.tenantID, id: id, changes) else {
                    throw APIError.notFound
                }
                var fields: [String] = []
                if changes.accessToken != nil { fields.append("access_token") }
                if changes.appSecret != nil { fields.append("app_secret") }
                if changes.verifyToken != nil { fields.append("verify_token") }
                return (
                    try JSONResponse.make(ChannelView(updated)),
                    AuditedAccess.Touched(
                        resourceID: id.lowercasedString,
                        details: ["secrets_changed": fields.joined(separator: " ")]
                    )
                )
            }
        )
        routes.on(
            .delete,
            item,
            use: access.handler(.settingsManage, records: WhatsAppAudit.channel("delete")) { _, context, identity in
                let id = try context.pathID()
                let deleted: Bool
                do {
                    deleted = try await channels.delete(tenant: identity.tenantID, id: id)
                } catch let error as StoreError where error.code == .missingReference {
                    throw APIError.conflict(
                        "The number has conversations; disable it (PATCH status \"disabled\") instead."
                    )
                }
                guard deleted else { throw APIError.notFound }
                return (Response(status: .noContent), Self.touched(id))
            }
        )
    }

    private static func touched(_ id: UUID) -> AuditedAccess.Touched {
        AuditedAccess.Touched(resourceID: id.lowercasedString)
    }
}
