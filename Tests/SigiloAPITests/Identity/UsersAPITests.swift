import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Users API")
struct UsersAPITests {
    static var newUser: [String: Any] {
        [
            "email": "  Nova.Agente@Acme.example ", "password": "uma frase longa o bastante", "roles": ["agent"],
        ]
    }

    @Test("an admin creates a user who can then log in; the e-mail is stored sealed, never in clear")
    func createAndLogIn() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let created = try await client.json(.post, "/users", body: Self.newUser, token: admin)
                #expect(created.status == .created)
                #expect(created["email"] == "nova.agente@acme.example")
                #expect(created.object["roles"] as? [String] == ["agent"])
                #expect(created.object["password_hash"] == nil)
                let id = try #require(created["id"])
                #expect(created.headers[.location] == "/users/\(id)")

                let login = try await client.json(
                    .post,
                    "/auth/login",
                    body: [
                        "tenant": "acme", "email": "NOVA.agente@acme.example", "password": "uma frase longa o bastante",
                    ]
                )
                #expect(login.status == .ok)
                let fetched = try await client.json(.get, "/users/\(id)", token: admin)
                #expect(fetched["email"] == "nova.agente@acme.example")
            }
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let rows = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "SELECT users::text FROM users")
            }
            #expect(rows.count == 5)
            #expect(!rows.joined().lowercased().contains("acme.example"))
            #expect(!rows.joined().contains(Data("nova.agente".utf8).map { String(format: "%02x", $0) }.joined()))
        }
    }

    @Test("a weak password, a bad e-mail, an unknown role, a duplicate e-mail and an unknown field are refused")
    func validation() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                func attempt(_ changes: [String: Any]) async throws -> JSONReply {
                    try await client.json(.post, "/users", body: Self.newUser.merging(changes) { $1 }, token: admin)
                }
                let short = try await attempt(["password": "short"])
                #expect(short.status == .unprocessableContent && short.errorCode == "weak_password")
                let common = try await attempt(["password": "password1234"])
                #expect(common.errorCode == "weak_password")
                let email = try await attempt(["email": "no-at-sign"])
                #expect(email.errorCode == "invalid_field")
                let role = try await attempt(["roles": ["superuser"]])
                #expect(role.errorCode == "invalid_field")
                let noRole = try await attempt(["roles": [String]()])
                #expect(noRole.errorCode == "invalid_field")
                let unknown = try await attempt(["is_admin": true])
                #expect(unknown.errorCode == "unknown_field")
                let duplicate = try await attempt(["email": IdentityFixture.email("agent")])
                #expect(duplicate.status == .conflict)
                let list = try await client.json(.get, "/users", token: admin)
                #expect((list.object["users"] as? [Any])?.count == 3)
            }
        }
    }

    @Test("roles change and users are disabled, but an admin cannot lock themselves out")
    func updates() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let agent = fixture.users["agent"]!
                let promoted = try await client.json(
                    .patch,
                    "/users/\(agent)",
                    body: ["roles": ["agent", "compliance"]],
                    token: admin
                )
                #expect(promoted.object["roles"] as? [String] == ["agent", "compliance"])
                let me = fixture.users["admin"]!
                let selfDisable = try await client.json(.patch, "/users/\(me)", body: ["disabled": true], token: admin)
                #expect(selfDisable.status == .conflict)
                let selfDemote = try await client.json(.patch, "/users/\(me)", body: ["roles": ["agent"]], token: admin)
                #expect(selfDemote.status == .conflict)
                let badID = try await client.json(.get, "/users/not-a-uuid", token: admin)
                #expect(badID.status == .notFound)
            }
        }
    }

    @Test("the user list pages with a cursor")
    func paging() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let first = try await client.json(.get, "/users?limit=2", token: admin)
                #expect((first.object["users"] as? [Any])?.count == 2)
                let cursor = try #require(first["next"])
                let second = try await client.json(.get, "/users?limit=2&after=\(cursor)", token: admin)
                #expect((second.object["users"] as? [Any])?.count == 1)
                #expect(second.object["next"] == nil)
                let bad = try await client.json(.get, "/users?limit=0", token: admin)
                #expect(bad.errorCode == "invalid_field")
            }
        }
    }
}
