import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SigiloCore
import SigiloCrypto
package import SigiloStore

/// `POST /oauth/token` (client credentials, RFC 6749 §4.4) and `POST /oauth/introspect`
/// (RFC 7662) for a host CRM.
package struct OAuthController: Sendable {
    private let clients: OAuthClientRepository
    private let tokens: AccessTokens
    private let authenticator: Authenticator
    private let lifetime: Duration
    private let events: any SecurityEventSink

    package init(
        clients: OAuthClientRepository,
        tokens: AccessTokens,
        authenticator: Authenticator,
        lifetime: Duration,
        events: any SecurityEventSink
    ) {
        self.clients = clients
        self.tokens = tokens
        self.authenticator = authenticator
        self.lifetime = lifetime
        self.events = events
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post("/oauth/token") { request, context in try await token(request, context) }
        routes.post("/oauth/introspect") { request, context in try await introspect(request, context) }
    }

    private func token(_ request: Request, _ context: SigiloRequestContext) async throws -> Response {
        let form = try await Self.form(request, context)
        guard let grant = form["grant_type"] else { throw OAuthError.invalidRequest("grant_type is required.") }
        let credentials = try ClientCredentials.from(request, form: form)
        guard grant == "client_credentials" else { throw OAuthError.unsupportedGrantType }
        let client = try await authenticate(credentials, logger: context.logger)
        var scopes = client.scopes
        if let requested = form["scope"] {
            let asked = requested.split(separator: " ").map(String.init)
            guard !asked.isEmpty, Set(asked).isSubset(of: Set(client.scopes)) else { throw OAuthError.invalidScope }
            scopes = Array(Set(asked)).sorted()
        }
        let issued = try await tokens.issue(
            subject: Identity.subjectClaim(.client, client.id),
            tenant: client.tenantID.uuidString.lowercased(),
            roles: [],
            scopes: scopes
        )
        await events.record(.clientTokenIssued(tenant: client.tenantID, client: client.id), logger: context.logger)
        return try JSONResponse.make(
            ClientTokenResponse(
                accessToken: issued.token,
                expiresIn: Int(lifetime.components.seconds),
                scope: scopes.joined(separator: " ")
            ),
            headers: [HTTPField.Name("Pragma")!: "no-cache"]
        )
    }

    /// RFC 7662: a client may ask about tokens of its own tenant; anything else is inactive.
    private func introspect(_ request: Request, _ context: SigiloRequestContext) async throws -> Response {
        let form = try await Self.form(request, context)
        let client = try await authenticate(try ClientCredentials.from(request, form: form), logger: context.logger)
        guard let token = form["token"] else { throw OAuthError.invalidRequest("token is required.") }
        guard let identity = try? await authenticator.identify(token: token, logger: context.logger),
            identity.tenantID == client.tenantID
        else { return try JSONResponse.make(Introspection(active: false)) }
        return try JSONResponse.make(Introspection(identity))
    }

    private func authenticate(
        _ credentials: ClientCredentials,
        logger: Logger
    ) async throws -> OAuthClientRepository.Client {
        guard let id = UUID(uuidString: credentials.clientID),
            let tenant = try await clients.tenant(ofClient: id),
            let client = try await clients.find(tenant: tenant, id: id),
            client.revokedAt == nil,
            OpaqueSecret.matches(credentials.secret, storedDigest: client.secretDigest)
        else {
            await events.record(.clientAuthenticationFailed, logger: logger)
            throw OAuthError.invalidClient(basic: credentials.viaBasic)
        }
        return client
    }

    private static func form(_ request: Request, _ context: SigiloRequestContext) async throws -> FormBody {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw OAuthError.invalidRequest("The body must be application/x-www-form-urlencoded.")
        }
        let buffer = try await request.body.collect(upTo: context.maxBodySize)
        guard let form = FormBody(String(decoding: buffer.readableBytesView, as: UTF8.self)) else {
            throw OAuthError.invalidRequest("The form body is malformed or repeats a parameter.")
        }
        return form
    }
}

/// RFC 6749 §5.1 for client credentials: no refresh token (§4.4.3).
struct ClientTokenResponse: Encodable {
    var accessToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope
    }
}

/// RFC 7662 §2.2.
struct Introspection: Encodable {
    var active: Bool
    var scope: String?
    var sub: String?
    var tenant: String?
    var roles: [String]?
    var exp: Int?
    var tokenType: String?

    init(active: Bool) {
        self.active = active
    }

    init(_ identity: Identity) {
        active = true
        scope = identity.scopes.joined(separator: " ")
        sub = Identity.subjectClaim(identity.kind, identity.subjectID)
        tenant = identity.tenantID.uuidString.lowercased()
        roles = identity.roles
        exp = Int(identity.expiresAt.timeIntervalSince1970)
        tokenType = "Bearer"
    }

    enum CodingKeys: String, CodingKey {
        case active, scope, sub, tenant, roles, exp
        case tokenType = "token_type"
    }
}
