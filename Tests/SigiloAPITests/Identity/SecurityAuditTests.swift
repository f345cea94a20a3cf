import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Security events in the audit chain")
struct SecurityAuditTests {
    @Test("logins, failures, denials, token issues and admin actions are chained audit events without PII")
    func eventsRecorded() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                _ = try await client.login("agent", password: "not the password at all")
                let agent = try await client.accessToken("agent")
                _ = try await client.json(.get, "/users", token: agent)
                let admin = try await client.accessToken("admin")
                _ = try await client.json(
                    .post,
                    "/users",
                    body: ["email": "new@acme.example", "password": "a long passphrase here", "roles": ["agent"]],
                    token: admin
                )
                let (id, secret) = try await OAuthTests.register(client)
                _ = try await client.form(
                    "/oauth/token",
                    [("grant_type", "client_credentials")],
                    headers: OAuthTests.basic(id, secret)
                )
            }
            let pool = fixture.database.pool()
            let (rows, outcome) = try await pool.whileRunning {
                (
                    try await pool.strings(
                        unsafeSQL: "SELECT action || ':' || outcome FROM audit_events ORDER BY seq",
                        asTenant: fixture.acme
                    ),
                    try await AuditVerifier(database: pool).verify(tenant: fixture.acme).outcome
                )
            }
            #expect(
                rows == [
                    "auth.login:denied", "auth.login:success", "access.denied:denied", "auth.login:success",
                    "user.create:success", "auth.login:success", "client.register:success", "auth.token:success",
                ]
            )
            #expect(outcome == .intact(events: UInt64(rows.count)))
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let dump = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "SELECT audit_events::text FROM audit_events")
            }
            #expect(!dump.joined().contains("acme.example"))
            #expect(!dump.joined().contains(IdentityFixture.password))
        }
    }
}
