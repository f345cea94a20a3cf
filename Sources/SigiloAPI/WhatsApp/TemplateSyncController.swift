package import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SigiloCore
package import SigiloStore
import SigiloWhatsApp

/// Templates and Meta: `POST /templates/sync` pulls every template and status of the tenant's
/// WhatsApp Business Accounts into `/templates`; `POST /templates/{id}/submit` sends one for
/// approval (permission `templates:manage`).
package struct TemplateSyncController: Sendable {
    private let templates: TemplateRepository
    private let channels: ChannelRepository
    private let httpClient: HTTPClient
    private let access: AuditedAccess

    package init(
        templates: TemplateRepository,
        channels: ChannelRepository,
        httpClient: HTTPClient,
        access: AuditedAccess
    ) {
        self.templates = templates
        self.channels = channels
        self.httpClient = httpClient
        self.access = access
    }

    private struct SyncReport: Encodable {
        var accounts: Int
        var created: Int
        var updated: Int
        var skipped: Int
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post(
            "/templates/sync",
            use: access.handler(.templatesManage, records: WhatsAppAudit.template("sync")) { _, context, identity in
                let report = try await sync(tenant: identity.tenantID, logger: context.logger)
                return (
                    try JSONResponse.make(report),
                    AuditedAccess.Touched(details: ["created": "\(report.created)", "updated": "\(report.updated)"])
                )
            }
        )
        routes.post(
            "/templates/{id}/submit",
            use: access.handler(.templatesManage, records: WhatsAppAudit.template("submit")) { _, context, identity in
                guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
                    let stored = try await templates.find(tenant: identity.tenantID, id: id)
                else { throw APIError.notFound }
                guard stored.metaTemplateID == nil else {
                    throw APIError.conflict("This template was already submitted to Meta; sync to see its status.")
                }
                let (channel, credentials) = try await firstChannel(tenant: identity.tenantID)
                let client = GraphClient(httpClient: httpClient, baseURL: channel.graphBaseURL)
                let submission: TemplateSubmission
                do {
                    submission = try await client.submitTemplate(
                        stored.template.metaCreationPayload,
                        wabaID: channel.wabaID,
                        token: credentials.accessToken,
                        logger: context.logger
                    )
                } catch {
                    throw Self.refused(error)
                }
                let status = TemplateStatus(rawValue: submission.status.lowercased()) ?? .pending
                guard
                    let updated = try await templates.recordSubmission(
                        tenant: identity.tenantID,
                        id: id,
                        metaID: submission.id,
                        status: status
                    )
                else { throw APIError.notFound }
                return (
                    try JSONResponse.make(TemplateView(stored: updated)),
                    AuditedAccess.Touched(resourceID: id.lowercasedString)
                )
            }
        )
    }

    private func sync(tenant: UUID, logger: Logger) async throws -> SyncReport {
        let all = try await channels.list(tenant: tenant).filter { $0.status != .disabled }
        var report = SyncReport(accounts: 0, created: 0, updated: 0, skipped: 0)
        var seen: Set<String> = []
        for channel in all where seen.insert(channel.wabaID).inserted {
            guard let (_, credentials) = try await channels.credentials(tenant: tenant, id: channel.id) else {
                continue
            }
            let client = GraphClient(httpClient: httpClient, baseURL: channel.graphBaseURL)
            let remote: [MetaTemplate]
            do {
                remote = try await client.templates(
                    wabaID: channel.wabaID,
                    token: credentials.accessToken,
                    logger: logger
                )
            } catch {
                throw Self.refused(error)
            }
            report.accounts += 1
            for meta in remote {
                guard let template = try? MessageTemplate(meta: meta) else {
                    report.skipped += 1
                    continue
                }
                let (_, created) = try await templates.upsertFromMeta(
                    tenant: tenant,
                    template: template,
                    metaID: meta.id
                )
                if created { report.created += 1 } else { report.updated += 1 }
            }
        }
        return report
    }

    private func firstChannel(tenant: UUID) async throws -> (WhatsAppChannel, ChannelCredentials) {
        for channel in try await channels.list(tenant: tenant) where channel.status == .active {
            if let found = try await channels.credentials(tenant: tenant, id: channel.id) { return found }
        }
        throw APIError(
            .conflict,
            code: "no_whatsapp_channel",
            message: "No active WhatsApp number to reach Meta with; add one under /whatsapp/channels."
        )
    }

    /// Meta refused or could not be reached: 502, with Meta's meaning in the code.
    private static func refused(_ error: any Error) -> APIError {
        let meaning = (error as? GraphCallError)?.meaning.code ?? "unavailable"
        return APIError(
            .badGateway,
            code: "whatsapp_\(meaning)",
            message: "Meta's Graph API did not accept the request; see the code, and retry if it is temporary."
        )
    }
}
