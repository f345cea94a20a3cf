import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Refresh tokens and logout")
struct SessionTests {
    @Test("each refresh spends its token and returns a new pair; the spent token no longer works")
    func rotation() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let first = try #require(try await client.login("agent")["refresh_token"])
                let second = try await client.json(.post, "/auth/refresh", body: ["refresh_token": first])
                #expect(second.status == .ok)
                let next = try #require(second["refresh_token"])
                #expect(next != first)
                let me = try await client.json(.get, "/me", token: second["access_token"])
                #expect(me.status == .ok)
                let third = try await client.json(.post, "/auth/refresh", body: ["refresh_token": next])
                #expect(third.status == .ok)
            }
        }
    }

    @Test("presenting a spent refresh token revokes the whole family, including its newest token")
    func reuseRevokesFamily() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let stolen = try #require(try await client.login("agent")["refresh_token"])
                let legitimate = try await client.json(.post, "/auth/refresh", body: ["refresh_token": stolen])
                let newest = try #require(legitimate["refresh_token"])

                let replay = try await client.json(.post, "/auth/refresh", body: ["refresh_token": stolen])
                #expect(replay.status == .unauthorized)
                #expect(replay.errorCode == "invalid_refresh_token")
                let afterReplay = try await client.json(.post, "/auth/refresh", body: ["refresh_token": newest])
                #expect(afterReplay.status == .unauthorized)

                // Another session of the same user is another family and keeps working.
                let other = try #require(try await client.login("agent")["refresh_token"])
                let unaffected = try await client.json(.post, "/auth/refresh", body: ["refresh_token": other])
                #expect(unaffected.status == .ok)
            }
        }
    }

    @Test("a forged or tampered refresh token is refused")
    func forged() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let real = try #require(try await client.login("agent")["refresh_token"])
                let parts = real.split(separator: ".").map(String.init)
                let wrongSecret = [parts[0], parts[1], parts[2], String(repeating: "A", count: 43)].joined(
                    separator: "."
                )
                let otherTenant = [parts[0], fixture.globex.uuidString.lowercased(), parts[2], parts[3]]
                    .joined(separator: ".")
                for token in [wrongSecret, otherTenant, "srt.garbage", ""] {
                    let reply = try await client.json(.post, "/auth/refresh", body: ["refresh_token": token])
                    #expect(reply.status == .unauthorized)
                }
                // The real token was not spent by those attempts.
                let reply = try await client.json(.post, "/auth/refresh", body: ["refresh_token": real])
                #expect(reply.status == .ok)
            }
        }
    }

    @Test("logout revokes the access token at once and the refresh token's family")
    func logout() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let login = try await client.login("agent")
                let access = try #require(login["access_token"])
                let refresh = try #require(login["refresh_token"])
                let out = try await client.json(.post, "/auth/logout", body: ["refresh_token": refresh], token: access)
                #expect(out.status == .noContent)
                let me = try await client.json(.get, "/me", token: access)
                #expect(me.status == .unauthorized)
                #expect(me.errorCode == "invalid_token")
                let reuse = try await client.json(.post, "/auth/refresh", body: ["refresh_token": refresh])
                #expect(reuse.status == .unauthorized)
            }
        }
    }

    @Test("disabling a user ends their refresh tokens")
    func disabledUserCannotRefresh() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let refresh = try #require(try await client.login("agent")["refresh_token"])
                let admin = try await client.accessToken("admin")
                let disabled = try await client.json(
                    .patch,
                    "/users/\(fixture.users["agent"]!)",
                    body: ["disabled": true],
                    token: admin
                )
                #expect(disabled.status == .ok)
                #expect(disabled.object["disabled"] as? Bool == true)
                let reply = try await client.json(.post, "/auth/refresh", body: ["refresh_token": refresh])
                #expect(reply.status == .unauthorized)
            }
        }
    }
}

@Suite("Access tokens follow the account's current state")
struct CurrentStateTests {
    @Test("disabling a user ends their access token at once; a role change applies to the next request")
    func immediateEffect() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let compliance = try await client.accessToken("compliance")
                #expect(try await client.json(.get, "/users", token: compliance).status == .ok)
                let demoted = try await client.json(
                    .patch,
                    "/users/\(fixture.users["compliance"]!)",
                    body: ["roles": ["agent"]],
                    token: admin
                )
                #expect(demoted.status == .ok)
                #expect(try await client.json(.get, "/users", token: compliance).status == .forbidden)

                let agent = try await client.accessToken("agent")
                _ = try await client.json(
                    .patch,
                    "/users/\(fixture.users["agent"]!)",
                    body: ["disabled": true],
                    token: admin
                )
                let refused = try await client.json(.get, "/me", token: agent)
                #expect(refused.status == .unauthorized && refused.errorCode == "invalid_token")
            }
        }
    }

    @Test("revoking a client ends the tokens it already holds")
    func revokedClient() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let (id, secret) = try await OAuthTests.register(client)
                let token = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: OAuthTests.basic(id, secret)
                )
                #expect(try await client.json(.get, "/me", token: token["access_token"]).status == .ok)
                let admin = try await client.accessToken("admin")
                _ = try await client.json(.delete, "/oauth/clients/\(id)", token: admin)
                #expect(try await client.json(.get, "/me", token: token["access_token"]).status == .unauthorized)
            }
        }
    }
}
