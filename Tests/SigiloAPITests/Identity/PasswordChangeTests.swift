import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Changing one's password")
struct PasswordChangeTests {
    @Test("with the current password the change works, other sessions end, and only the new password logs in")
    func change() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let otherDevice = try #require(try await client.login("agent")["refresh_token"])
                let token = try await client.accessToken("agent")
                let newPassword = "a brand new passphrase"
                let changed = try await client.json(
                    .post,
                    "/me/password",
                    body: ["current_password": IdentityFixture.password, "new_password": newPassword],
                    token: token
                )
                #expect(changed.status == .noContent)
                #expect(try await client.login("agent").status == .unauthorized)
                #expect(try await client.login("agent", password: newPassword).status == .ok)
                let refresh = try await client.json(.post, "/auth/refresh", body: ["refresh_token": otherDevice])
                #expect(refresh.status == .unauthorized)
            }
        }
    }

    @Test("a wrong current password or a weak new one changes nothing")
    func refusals() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let token = try await client.accessToken("agent")
                let wrong = try await client.json(
                    .post,
                    "/me/password",
                    body: ["current_password": "not my password", "new_password": "another long passphrase"],
                    token: token
                )
                #expect(wrong.status == .unauthorized && wrong.errorCode == "invalid_credentials")
                let weak = try await client.json(
                    .post,
                    "/me/password",
                    body: ["current_password": IdentityFixture.password, "new_password": "123456789012"],
                    token: token
                )
                #expect(weak.errorCode == "weak_password")
                #expect(try await client.login("agent").status == .ok)
            }
        }
    }

    @Test("housekeeping forgets expired revocations and idle throttle counters, and nothing else")
    func housekeeping() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let token = try await client.accessToken("agent")
                _ = try await client.json(.post, "/auth/logout", token: token)
                _ = try await client.login("agent", password: "wrong password for the counter")
            }
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            _ = try await owner.whileRunning {
                _ = try await owner.strings(
                    unsafeSQL: """
                        INSERT INTO revoked_access_tokens (jti, tenant_id, expires_at)
                        VALUES (gen_random_uuid(), '\(fixture.acme.uuidString.lowercased())', now() - interval '1 hour')
                        """
                )
                return try await owner.strings(
                    unsafeSQL: """
                        INSERT INTO login_throttle (key, failures, last_failure)
                        VALUES (decode(repeat('00', 32), 'hex'), 3, now() - interval '2 days')
                        """
                )
            }
            let pool = fixture.database.pool()
            let removed = try await pool.whileRunning {
                try await MaintenanceFunction.identityHousekeeping(database: pool, logger: silentLogger).runOnce()
            }
            #expect(removed == 2)
            let counts = fixture.database.pool(owner: true, maximumConnections: 1)
            let left = try await counts.whileRunning {
                try await counts.strings(
                    unsafeSQL:
                        "SELECT (SELECT count(*) FROM revoked_access_tokens) || '/' || (SELECT count(*) FROM login_throttle)"
                )
            }
            #expect(left == ["1/1"])  // the live revocation and the fresh counter stay
        }
    }
}

@Suite("Password change is throttled")
struct PasswordChangeThrottleTests {
    @Test("wrong current passwords lock the endpoint like failed logins")
    func throttled() async throws {
        try await IdentityFixture.with(overrides: ["auth.throttle.accountFailures": "2"]) { _, app in
            try await app.test(.router) { client in
                let token = try await client.accessToken("agent")
                let wrong: [String: Any] = [
                    "current_password": "guess number one", "new_password": "another long passphrase",
                ]
                for _ in 0..<2 {
                    let reply = try await client.json(.post, "/me/password", body: wrong, token: token)
                    #expect(reply.errorCode == "invalid_credentials")
                }
                let right: [String: Any] = [
                    "current_password": IdentityFixture.password, "new_password": "another long passphrase",
                ]
                let locked = try await client.json(.post, "/me/password", body: right, token: token)
                #expect(locked.status == .tooManyRequests)
            }
        }
    }
}
