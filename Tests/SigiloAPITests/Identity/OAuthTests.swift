import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("OAuth2 client credentials")
struct OAuthTests {
    /// Registers a client as acme's admin; returns (id, secret).
    static func register(
        _ client: some TestClientProtocol,
        scopes: [String] = ["contacts:read", "messages:send"],
        user: String = "admin",
        tenant: String = "acme"
    ) async throws -> (String, String) {
        let admin = try await client.accessToken(user, tenant: tenant)
        let reply = try await client.json(
            .post,
            "/oauth/clients",
            body: ["name": "Host CRM", "scopes": scopes],
            token: admin
        )
        guard reply.status == .created, let id = reply["client_id"], let secret = reply["client_secret"] else {
            throw FixtureError(message: "client registration failed with \(reply.status)")
        }
        return (id, secret)
    }

    static func basic(_ id: String, _ secret: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()]
    }

    @Test("a registered client gets a token with HTTP Basic or body credentials; the secret is shown once")
    func issue() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let (id, secret) = try await Self.register(client)
                let basic = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: Self.basic(id, secret)
                )
                #expect(basic.status == .ok)
                #expect(basic["token_type"] == "Bearer")
                #expect(basic["scope"] == "contacts:read messages:send")
                #expect(basic.headers[.cacheControl] == "no-store")
                #expect(basic.object["refresh_token"] == nil)
                let body = try await client.form(
                    "/oauth/token",
                    [
                        ("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret),
                        ("scope", "contacts:read"),
                    ]
                )
                #expect(body.status == .ok)
                #expect(body["scope"] == "contacts:read")

                let me = try await client.json(.get, "/me", token: body["access_token"])
                #expect(me["kind"] == "client")
                #expect(me["tenant_id"] == fixture.acme.uuidString.lowercased())
                #expect(me.object["permissions"] as? [String] == ["contacts:read"])
                let users = try await client.json(.get, "/users", token: body["access_token"])
                #expect(users.status == .forbidden)

                let admin = try await client.accessToken("admin")
                let list = try await client.json(.get, "/oauth/clients", token: admin)
                let clients = try #require(list.object["clients"] as? [[String: Any]])
                #expect(clients.count == 1)
                #expect(clients.first?["client_secret"] == nil)
            }
        }
    }

    @Test(
        "errors follow RFC 6749 §5.2",
        arguments: ["bad-secret", "both-methods", "grant", "scope", "media-type", "no-grant", "repeated"]
    )
    func errors(_ kind: String) async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let (id, secret) = try await Self.register(client)
                let grant = ("grant_type", "client_credentials")
                let reply: JSONReply
                switch kind {
                case "bad-secret":
                    reply = try await client.form("/oauth/token", [grant], headers: Self.basic(id, "wrong"))
                    #expect(reply.status == .unauthorized && reply.oauthError == "invalid_client")
                    #expect(reply.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                case "both-methods":
                    reply = try await client.form(
                        "/oauth/token",
                        [grant, ("client_secret", secret)],
                        headers: Self.basic(id, secret)
                    )
                    #expect(reply.status == .badRequest && reply.oauthError == "invalid_request")
                case "grant":
                    reply = try await client.form(
                        "/oauth/token",
                        [("grant_type", "password")],
                        headers: Self.basic(id, secret)
                    )
                    #expect(reply.oauthError == "unsupported_grant_type")
                case "scope":
                    reply = try await client.form(
                        "/oauth/token",
                        [grant, ("scope", "audit:read")],
                        headers: Self.basic(id, secret)
                    )
                    #expect(reply.status == .badRequest && reply.oauthError == "invalid_scope")
                case "media-type":
                    reply = try await client.json(.post, "/oauth/token", body: ["grant_type": "client_credentials"])
                    #expect(reply.oauthError == "invalid_request")
                case "no-grant":
                    reply = try await client.form(
                        "/oauth/token",
                        [("scope", "contacts:read")],
                        headers: Self.basic(id, secret)
                    )
                    #expect(reply.oauthError == "invalid_request")
                default:
                    reply = try await client.form("/oauth/token", [grant, grant], headers: Self.basic(id, secret))
                    #expect(reply.oauthError == "invalid_request")
                }
                #expect(reply["error_description"] != nil)
                #expect(reply.object["access_token"] == nil)
            }
        }
    }

    @Test("a revoked client can no longer get tokens; another tenant's admin cannot see or revoke it")
    func revoke() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let (id, secret) = try await Self.register(client)
                let globex = try await client.accessToken("globexAdmin", tenant: "globex")
                let foreign = try await client.json(.delete, "/oauth/clients/\(id)", token: globex)
                #expect(foreign.status == .notFound)
                let stillWorks = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: Self.basic(id, secret)
                )
                #expect(stillWorks.status == .ok)

                let admin = try await client.accessToken("admin")
                let revoked = try await client.json(.delete, "/oauth/clients/\(id)", token: admin)
                #expect(revoked.status == .noContent)
                let refused = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: Self.basic(id, secret)
                )
                #expect(refused.oauthError == "invalid_client")
            }
        }
    }

    @Test("introspection (RFC 7662) answers for tokens of the client's own tenant only")
    func introspection() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let (id, secret) = try await Self.register(client)
                let agentToken = try await client.accessToken("agent")
                let own = try await client.form(
                    "/oauth/introspect",
                    [("token", agentToken)],
                    headers: Self.basic(id, secret)
                )
                #expect(own.object["active"] as? Bool == true)
                #expect(own["sub"]?.hasPrefix("user:") == true)
                let globexToken = try await client.accessToken("globexAdmin", tenant: "globex")
                let foreign = try await client.form(
                    "/oauth/introspect",
                    [("token", globexToken)],
                    headers: Self.basic(id, secret)
                )
                #expect(foreign.object["active"] as? Bool == false)
                #expect(foreign.object["sub"] == nil)
                let garbage = try await client.form(
                    "/oauth/introspect",
                    [("token", "x.y.z")],
                    headers: Self.basic(id, secret)
                )
                #expect(garbage.object["active"] as? Bool == false)
                let unauthenticated = try await client.form("/oauth/introspect", [("token", agentToken)])
                #expect(unauthenticated.oauthError == "invalid_client")
            }
        }
    }

    @Test("client registration validates scopes and names")
    func registrationValidation() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let badScope = try await client.json(
                    .post,
                    "/oauth/clients",
                    body: ["name": "x", "scopes": ["root"]],
                    token: admin
                )
                #expect(badScope.errorCode == "invalid_field")
                let noName = try await client.json(
                    .post,
                    "/oauth/clients",
                    body: ["name": " ", "scopes": ["contacts:read"]],
                    token: admin
                )
                #expect(noName.errorCode == "invalid_field")
            }
        }
    }
}
