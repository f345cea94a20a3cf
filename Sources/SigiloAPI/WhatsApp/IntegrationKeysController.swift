import Foundation
import Hummingbird
package import SigiloStore

/// Integration keys for other systems: `GET/POST /integration-keys`,
/// `DELETE /integration-keys/{id}` (permission `clients:manage`). The key is shown once.
package struct IntegrationKeysController: Sendable {
    private let keys: IntegrationKeyRepository
    private let access: AuditedAccess

    package init(keys: IntegrationKeyRepository, access: AuditedAccess) {
        self.keys = keys
        self.access = access
    }

    private static let allowedScopes = ["events:write", "messages:read"]

    private struct Input: Decodable {
        var name: String
        var scopes: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, scopes }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            scopes = try container.decodeIfPresent([String].self, forKey: .scopes)
        }
    }

    private struct View: Encodable {
        var id: String
        var name: String
        var scopes: [String]
        var createdAt: Date
        var revokedAt: Date?
        var key: String?

        init(_ key: IntegrationKeyRepository.Key, secret: String? = nil) {
            id = key.id.lowercasedString
            name = key.name
            scopes = key.scopes
            createdAt = key.createdAt
            revokedAt = key.revokedAt
            self.key = secret
        }

        enum CodingKeys: String, CodingKey {
            case id, name, scopes, key
            case createdAt = "created_at"
            case revokedAt = "revoked_at"
        }
    }

    private static func action(_ name: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "integration_key.\(name)",
            resourceType: "integration_key",
            purpose: "access_administration",
            legalBasis: "legitimate_interest"
        )
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post(
            "/integration-keys",
            use: access.handler(.clientsManage, records: Self.action("create")) { request, context, identity in
                let input = try await request.decodeJSON(as: Input.self, context: context)
                let name = try FieldRules.text(input.name, field: "name", characters: 1...100)
                let scopes = input.scopes ?? Self.allowedScopes
                guard !scopes.isEmpty, scopes.allSatisfy(Self.allowedScopes.contains) else {
                    throw APIError.invalidField("scopes", expected: "some of events:write, messages:read")
                }
                let (key, secret) = try await keys.create(
                    tenant: identity.tenantID,
                    name: name,
                    scopes: Array(Set(scopes)).sorted(),
                    createdBy: identity.kind == .user ? identity.subjectID : nil
                )
                return (
                    try JSONResponse.make(View(key, secret: secret), status: .created),
                    AuditedAccess.Touched(resourceID: key.id.lowercasedString)
                )
            }
        )
        routes.get(
            "/integration-keys",
            use: access.handler(.clientsManage, records: Self.action("list")) { _, _, identity in
                let list = try await keys.list(tenant: identity.tenantID)
                return (
                    try JSONResponse.make(["integration_keys": list.map { View($0) }]),
                    AuditedAccess.Touched(details: ["count": "\(list.count)"])
                )
            }
        )
        routes.on(
            .delete,
            "/integration-keys/{id}",
            use: access.handler(.clientsManage, records: Self.action("revoke")) { _, context, identity in
                let id = try context.pathID()
                guard try await keys.revoke(tenant: identity.tenantID, id: id) else { throw APIError.notFound }
                return (Response(status: .noContent), AuditedAccess.Touched(resourceID: id.lowercasedString))
            }
        )
    }
}
