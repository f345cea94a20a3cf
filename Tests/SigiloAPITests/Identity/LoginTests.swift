import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Password login")
struct LoginTests {
    @Test(
        "a correct password gives a 15-minute EdDSA token with sub, tenant, roles, scopes and jti, verifiable with the JWKS"
    )
    func success() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let reply = try await client.login("agent")
                #expect(reply.status == .ok)
                #expect(reply["token_type"] == "Bearer")
                #expect(reply.object["expires_in"] as? Int == 900)
                let token = try #require(reply["access_token"])
                #expect(reply["refresh_token"]?.hasPrefix("srt.") == true)

                let jwks = try await client.json(.get, "/.well-known/jwks.json")
                let keys = try #require(jwks.object["keys"] as? [[String: Any]])
                #expect(keys.count == 1)
                let key = try #require(keys.first)
                #expect(key["kty"] as? String == "OKP" && key["crv"] as? String == "Ed25519" && key["d"] == nil)
                let collection = JWTKeyCollection()
                await collection.add(
                    eddsa: try EdDSA.PublicKey(x: try #require(key["x"] as? String), curve: .ed25519),
                    kid: JWKIdentifier(string: try #require(key["kid"] as? String))
                )
                let claims = try await collection.verify(token, as: AccessTokenClaims.self)
                #expect(claims.sub.value == "user:" + fixture.users["agent"]!.uuidString.lowercased())
                #expect(claims.tenant == fixture.acme.uuidString.lowercased())
                #expect(claims.roles == ["agent"])
                #expect(claims.scopes == [])
                #expect(UUID(uuidString: claims.jti.value) != nil)
                #expect(abs(claims.exp.value.timeIntervalSince(claims.iat.value) - 900) < 1)

                let me = try await client.json(.get, "/me", token: token)
                #expect(me.status == .ok)
                #expect(me["kind"] == "user")
                #expect((me.object["permissions"] as? [String])?.contains("contacts:read") == true)
                #expect((me.object["permissions"] as? [String])?.contains("users:manage") == false)
            }
        }
    }

    @Test("wrong password, unknown e-mail, unknown tenant and a disabled user all get the same 401")
    func failuresLookAlike() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let disabled = try await client.json(
                    .patch,
                    "/users/\(fixture.users["agent"]!)",
                    body: ["disabled": true],
                    token: admin
                )
                #expect(disabled.status == .ok)
                let replies = [
                    try await client.login("compliance", password: "not the right password"),
                    try await client.login("nobody"),
                    try await client.login("admin", tenant: "no-such-tenant"),
                    try await client.login("agent"),
                ]
                for reply in replies {
                    #expect(reply.status == .unauthorized)
                    #expect(reply.errorCode == "invalid_credentials")
                }
                let messages = Set(replies.map { ($0.object["error"] as? [String: Any])?["message"] as? String })
                #expect(messages.count == 1)
            }
        }
    }

    @Test("malformed login input is a 422 naming the field, not a 401")
    func malformedInput() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let badEmail = try await client.json(
                    .post,
                    "/auth/login",
                    body: ["tenant": "acme", "email": "not-an-email", "password": "x"]
                )
                #expect(badEmail.status == .unprocessableContent)
                #expect(badEmail.errorCode == "invalid_field")
                let missing = try await client.json(.post, "/auth/login", body: ["tenant": "acme", "email": "a@b.co"])
                #expect(missing.errorCode == "missing_field")
                let extra = try await client.json(
                    .post,
                    "/auth/login",
                    body: ["tenant": "acme", "email": "a@b.co", "password": "x", "admin": true]
                )
                #expect(extra.errorCode == "unknown_field")
            }
        }
    }

    @Test("a hash made under older parameters is replaced by one under the policy on successful login")
    func rehashOnLogin() async throws {
        let shipped = ["auth.policiesDirectory": RepositoryPaths.policies]
        try await IdentityFixture.with(overrides: shipped) { fixture, app in
            let weaker = try PasswordHasher(policy: .floor)
            let oldHash = try await weaker.hash(IdentityFixture.password)
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let agent = fixture.users["agent"]!.uuidString.lowercased()
            _ = try await owner.whileRunning {
                try await owner.strings(
                    unsafeSQL: "UPDATE users SET password_hash = '\(oldHash)' WHERE id = '\(agent)'"
                )
            }
            try await app.test(.router) { client in
                let reply = try await client.login("agent")
                #expect(reply.status == .ok)
            }
            let reader = fixture.database.pool(owner: true, maximumConnections: 1)
            let stored = try await reader.whileRunning {
                try await reader.strings(unsafeSQL: "SELECT password_hash FROM users WHERE id = '\(agent)'")
            }
            #expect(stored.first?.hasPrefix("$argon2id$v=19$m=65536,t=3,p=1$") == true)
            #expect(stored.first != oldHash)
        }
    }

    @Test("a stored hash above the ceiling is refused without hashing: 401, and the log says why")
    func aboveCeiling() async throws {
        let capture = LogCapture()
        try await IdentityFixture.with(logger: capture.logger) { fixture, app in
            let huge =
                "$argon2id$v=19$m=4194304,t=100,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let agent = fixture.users["agent"]!.uuidString.lowercased()
            _ = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "UPDATE users SET password_hash = '\(huge)' WHERE id = '\(agent)'")
            }
            try await app.test(.router) { client in
                let started = ContinuousClock.now
                let reply = try await client.login("agent")
                #expect(reply.status == .unauthorized)
                // 4 GiB × 100 passes would take minutes and exhaust memory; refusal is immediate.
                #expect(ContinuousClock.now - started < .seconds(30))
            }
            #expect(capture.text.contains("above_ceiling"))
        }
    }
}
