import Foundation
import Hummingbird
import HummingbirdTesting
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Identity logs carry no PII or secret")
struct IdentityLogPrivacyTests {
    @Test("logins, refreshes, logouts and client tokens log ids only: no e-mail, password, token or secret")
    func nothingSecretLogged() async throws {
        let capture = LogCapture()
        let fixed = [IdentityFixture.password, "acme.example", "globex.example", "wrong password here"]
        let seen = Seen()
        try await IdentityFixture.with(logger: capture.logger) { _, app in
            try await app.test(.router) { client in
                _ = try await client.login("agent", password: "wrong password here")
                _ = try await client.login("nobody")
                let login = try await client.login("admin")
                let access = try #require(login["access_token"])
                let refresh = try #require(login["refresh_token"])
                let next = try await client.json(.post, "/auth/refresh", body: ["refresh_token": refresh])
                _ = try await client.json(.post, "/auth/refresh", body: ["refresh_token": refresh])
                let created = try await client.json(
                    .post,
                    "/oauth/clients",
                    body: ["name": "CRM", "scopes": ["contacts:read"]],
                    token: access
                )
                let clientSecret = try #require(created["client_secret"])
                let clientID = try #require(created["client_id"])
                _ = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret)]
                )
                _ = try await client.form(
                    "/oauth/token",
                    [
                        ("grant_type", "client_credentials"), ("client_id", clientID),
                        ("client_secret", "bad-secret-value"),
                    ]
                )
                _ = try await client.json(.post, "/auth/logout", token: next["access_token"])
                await seen.add([access, refresh, clientSecret, "bad-secret-value", try #require(next["refresh_token"])])
            }
        }
        let text = capture.text
        #expect(text.contains("login_failed") && text.contains("refresh token reused"))
        for secret in fixed + (await seen.values) {
            #expect(!text.contains(secret), "a secret or e-mail reached the log")
        }
    }
}

private actor Seen {
    var values: [String] = []
    func add(_ more: [String]) { values += more }
}
