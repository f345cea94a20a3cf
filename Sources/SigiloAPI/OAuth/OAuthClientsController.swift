import Foundation
import Hummingbird
import Logging
package import SigiloCore
import SigiloCrypto
package import SigiloStore

/// `POST/GET /oauth/clients`, `DELETE /oauth/clients/{id}`: an admin registers the host CRM.
/// The secret is shown once, in the creation response, and stored only as its SHA-256.
package struct OAuthClientsController: Sendable {
    private let clients: OAuthClientRepository
    private let policy: PermissionPolicy
    private let guardian: AccessGuard
    private let events: any SecurityEventSink

    package init(
        clients: OAuthClientRepository,
        policy: PermissionPolicy,
        guardian: AccessGuard,
        events: any SecurityEventSink
    ) {
        self.clients = clients
        self.policy = policy
        self.guardian = guardian
        self.events = events
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post(
            "/oauth/clients",
            use: guardian.requiring(.clientsManage) { request, context, identity in
                let body = try await request.decodeJSON(as: CreateClientRequest.self, context: context)
                let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard (1...100).contains(name.count) else {
                    throw APIError.invalidField("name", expected: "1 to 100 characters")
                }
                guard !body.scopes.isEmpty, body.scopes.allSatisfy({ policy.scopes[$0] != nil }) else {
                    throw APIError.invalidField(
                        "scopes",
                        expected: "one or more of: \(policy.scopes.keys.sorted().joined(separator: ", "))"
                    )
                }
                let secret = OpaqueSecret.generate()
                let client = try await clients.create(
                    tenant: identity.tenantID,
                    name: name,
                    secretDigest: OpaqueSecret.digest(secret),
                    scopes: Array(Set(body.scopes)).sorted(),
                    createdBy: identity.kind == .user ? identity.subjectID : nil
                )
                await events.record(
                    .adminAction(
                        tenant: identity.tenantID,
                        actor: identity,
                        action: "client.register",
                        resourceType: "oauth_client",
                        resourceID: client.id.lowercasedString
                    ),
                    logger: context.logger
                )
                var view = ClientView(client)
                view.clientSecret = secret
                return try JSONResponse.make(view, status: .created)
            }
        )
        routes.get(
            "/oauth/clients",
            use: guardian.requiring(.clientsManage) { _, _, identity in
                try JSONResponse.make(
                    ClientList(clients: try await clients.list(tenant: identity.tenantID).map(ClientView.init))
                )
            }
        )
        routes.on(
            .delete,
            "/oauth/clients/{id}",
            use: guardian.requiring(.clientsManage) { _, context, identity in
                guard let text = context.parameters.get("id"), let id = UUID(uuidString: text),
                    try await clients.revoke(tenant: identity.tenantID, id: id) != nil
                else { throw APIError.notFound }
                await events.record(
                    .adminAction(
                        tenant: identity.tenantID,
                        actor: identity,
                        action: "client.revoke",
                        resourceType: "oauth_client",
                        resourceID: id.lowercasedString
                    ),
                    logger: context.logger
                )
                return Response(status: .noContent)
            }
        )
    }
}

struct CreateClientRequest: Decodable {
    var name: String
    var scopes: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, scopes
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        scopes = try container.decode([String].self, forKey: .scopes)
    }
}

struct ClientView: Encodable {
    var clientID: String
    var clientSecret: String?
    var name: String
    var scopes: [String]
    var createdAt: Date
    var revokedAt: Date?

    init(_ client: OAuthClientRepository.Client) {
        clientID = client.id.lowercasedString
        name = client.name
        scopes = client.scopes
        createdAt = client.createdAt
        revokedAt = client.revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}

struct ClientList: Encodable {
    var clients: [ClientView]
}
