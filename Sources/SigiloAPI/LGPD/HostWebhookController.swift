import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// The host CRM's endpoint for LGPD notices, permission `settings:manage`:
/// `PUT /settings/host-webhook` `{"url","secret"}`, `GET` (the URL, never the secret),
/// `DELETE`. An erasure then sends `subject.erased` there, signed (docs/lgpd.md).
package struct HostWebhookController: Sendable {
    private let webhooks: HostWebhookRepository
    private let configuration: LGPDConfiguration
    private let guardian: AccessGuard
    private let access: AuditedAccess

    package init(
        webhooks: HostWebhookRepository,
        configuration: LGPDConfiguration,
        guardian: AccessGuard,
        access: AuditedAccess
    ) {
        self.webhooks = webhooks
        self.configuration = configuration
        self.guardian = guardian
        self.access = access
    }

    private struct Input: Decodable {
        var url: String
        var secret: String

        enum CodingKeys: String, CodingKey, CaseIterable { case url, secret }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            url = try container.decode(String.self, forKey: .url)
            secret = try container.decode(String.self, forKey: .secret)
        }
    }

    private struct View: Encodable {
        var url: String
        var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case url
            case updatedAt = "updated_at"
        }
    }

    private static let path = "/settings/host-webhook"
    private static let purpose = "access_administration"

    package func addRoutes(to routes: APIRoutes) {
        routes.on(
            .put,
            Self.path,
            use: guardian.requiring(.settingsManage) { request, context, identity in
                let input = try await request.decodeJSON(as: Input.self, context: context)
                guard input.url.utf8.count <= 500, !input.url.contains(" "), let url = URL(string: input.url),
                    configuration.allowsHostWebhook(url)
                else {
                    throw APIError.invalidField(
                        "url",
                        expected: "an https URL of at most 500 characters, on a host the operator allows"
                    )
                }
                guard (16...256).contains(input.secret.unicodeScalars.count),
                    input.secret.unicodeScalars.allSatisfy({
                        $0.isASCII && !$0.properties.isWhitespace && $0.value > 31
                    })
                else {
                    throw APIError.invalidField("secret", expected: "16 to 256 printable ASCII characters, no spaces")
                }
                let audit = LGPDAudit.draft(
                    "host_webhook.configure",
                    resourceType: "host_webhook",
                    purpose: Self.purpose,
                    identity: identity,
                    context: context
                )
                let endpoint = try await webhooks.configure(
                    url: input.url,
                    secret: input.secret,
                    tenant: identity.tenantID,
                    audit: audit
                )
                return try JSONResponse.make(View(url: endpoint.url, updatedAt: endpoint.updatedAt))
            }
        )
        routes.get(
            Self.path,
            use: access.handler(
                .settingsManage,
                records: LGPDAudit.action("host_webhook.read", resourceType: "host_webhook", purpose: Self.purpose)
            ) { _, _, identity in
                guard let endpoint = try await webhooks.endpoint(tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return (
                    try JSONResponse.make(View(url: endpoint.url, updatedAt: endpoint.updatedAt)),
                    AuditedAccess.Touched()
                )
            }
        )
        routes.on(
            .delete,
            Self.path,
            use: guardian.requiring(.settingsManage) { _, context, identity in
                let audit = LGPDAudit.draft(
                    "host_webhook.remove",
                    resourceType: "host_webhook",
                    purpose: Self.purpose,
                    identity: identity,
                    context: context
                )
                guard try await webhooks.remove(tenant: identity.tenantID, audit: audit) else {
                    throw APIError.notFound
                }
                return Response(status: .noContent)
            }
        )
    }
}
