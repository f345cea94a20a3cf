import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloCore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Authorization: roles, permissions, tenants")
struct AuthorizationTests {
    @Test("no token is 401 missing_token with a Bearer challenge; a garbage token is 401 invalid_token")
    func unauthenticated() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let none = try await client.json(.get, "/users")
                #expect(none.status == .unauthorized)
                #expect(none.errorCode == "missing_token")
                #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                let garbage = try await client.json(.get, "/users", token: "not.a.jwt")
                #expect(garbage.errorCode == "invalid_token")
                let basic = try await client.json(.get, "/users", headers: [.authorization: "Basic YTpi"])
                #expect(basic.errorCode == "missing_token")
            }
        }
    }

    @Test(
        "each role gets exactly what policies/roles.json grants it",
        arguments: [
            ("admin", "/users", HTTPResponse.Status.ok),
            ("compliance", "/users", .ok),
            ("agent", "/users", .forbidden),
            ("agent", "/tenant", .ok),
            ("agent", "/oauth/clients", .forbidden),
            ("compliance", "/oauth/clients", .forbidden),
            ("admin", "/oauth/clients", .ok),
        ]
    )
    func rolePermissions(user: String, path: String, expected: HTTPResponse.Status) async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let reply = try await client.json(.get, path, token: try await client.accessToken(user))
                #expect(reply.status == expected)
                if expected == .forbidden { #expect(reply.errorCode == "forbidden") }
            }
        }
    }

    @Test("the compliance officer reads users but cannot create them")
    func complianceCannotWrite() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let token = try await client.accessToken("compliance")
                let reply = try await client.json(
                    .post,
                    "/users",
                    body: ["email": "new@acme.example", "password": "a long enough passphrase", "roles": ["agent"]],
                    token: token
                )
                #expect(reply.status == .forbidden)
            }
        }
    }

    @Test("another tenant's user is 404 for reads and writes, and never listed")
    func crossTenantIsNotFound() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let acmeAdmin = try await client.accessToken("admin")
                let globexUser = fixture.users["globexAdmin"]!
                let read = try await client.json(.get, "/users/\(globexUser)", token: acmeAdmin)
                #expect(read.status == .notFound)
                #expect(read.errorCode == "not_found")
                let missing = try await client.json(.get, "/users/\(UUID())", token: acmeAdmin)
                #expect(missing.status == .notFound)
                #expect(missing.object["error"].map { _ in true } == true)
                let write = try await client.json(
                    .patch,
                    "/users/\(globexUser)",
                    body: ["disabled": true],
                    token: acmeAdmin
                )
                #expect(write.status == .notFound)
                let list = try await client.json(.get, "/users", token: acmeAdmin)
                let ids = (list.object["users"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.count == 3)
                #expect(!ids.contains(globexUser.uuidString.lowercased()))
                // globex's admin was not disabled by the attempt.
                let globex = try await client.login("globexAdmin", tenant: "globex")
                #expect(globex.status == .ok)
                let tenant = try await client.json(.get, "/tenant", token: acmeAdmin)
                #expect(tenant["slug"] == "acme")
            }
        }
    }

    @Test("a roles.json lacking a permission that a route requires stops start-up")
    func policyMustCoverRoutes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sigilo-policy-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["passwords.json", "common-passwords.txt"] {
            try FileManager.default.copyItem(
                atPath: RepositoryPaths.policies + "/" + name,
                toPath: folder.appendingPathComponent(name).path
            )
        }
        let roles = #"{"version":1,"permissions":{"users:read":"x"},"roles":{"admin":["users:read"]},"scopes":{}}"#
        try Data(roles.utf8).write(to: folder.appendingPathComponent("roles.json"))
        try await TestDatabase.withMigrated { database in
            let reader = TestConfiguration.reader(
                database: database,
                overrides: ["auth.policiesDirectory": folder.path]
            )
            await #expect(throws: ConfigurationError.self) {
                _ = try await buildApplication(reader: reader, logger: silentLogger)
            }
        }
    }
}
