import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Contact validation")
struct ContactValidationTests {
    /// A bad body, and the field its error must name.
    static var badBodies: [([String: Any], String)] {
        [
            ([:], "name"),
            (["name": ""], "name"),
            (["name": String(repeating: "a", count: 201)], "name"),
            (["name": "Ana\u{0007}"], "name"),
            (["name": 42], "name"),
            (["name": "Ana", "phones": [["number": "abc"]]], "phones[0].number"),
            (
                ["name": "Ana", "phones": [["number": "+5511987654321"], ["number": "(11) 98765-4321"]]],
                "phones[1].number"
            ),
            (
                ["name": "Ana", "phones": [["number": "+5511987654321", "label": String(repeating: "x", count: 41)]]],
                "phones[0].label"
            ),
            (["name": "Ana", "phones": [["number": "+5511987654321", "valid": "yes"]]], "phones[0].valid"),
            (["name": "Ana", "phones": [["numero": "+5511987654321"]]], "phones[0].numero"),
            (["name": "Ana", "emails": [["address": "not an address"]]], "emails[0].address"),
            (
                ["name": "Ana", "emails": [["address": "a@b.example"], ["address": "A@B.example"]]], "emails[1].address"
            ),
            (["name": "Ana", "tags": [""]], "tags[0]"),
            (["name": "Ana", "tags": Array(repeating: "t", count: 51)], "tags"),
            (["name": "Ana", "notes": String(repeating: "n", count: 10_001)], "notes"),
            (["name": "Ana", "cadence": ["every": 0, "unit": "days"]], "cadence.every"),
            (["name": "Ana", "cadence": ["every": 2, "unit": "fortnights"]], "cadence.unit"),
            (["name": "Ana", "cadence": ["every": 2]], "cadence.unit"),
            (["name": "Ana", "whatsapp_id": "+55 (11) abc"], "whatsapp_id"),
            (["name": "Ana", "opt_in": "maybe"], "opt_in"),
            (["name": "Ana", "consent": true], "consent"),
        ]
    }

    @Test("every bad create body answers 422 naming the field, quoting nothing, and stores nothing")
    func badCreates() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                for (body, field) in Self.badBodies {
                    let reply = try await client.json(.post, "/contacts", body: body, token: agent)
                    #expect(reply.status == .unprocessableContent, "\(field)")
                    #expect(reply.errorMessage.contains("'\(field)'"), "\(field): \(reply.errorMessage)")
                    #expect(!reply.errorMessage.contains("abc") && !reply.errorMessage.contains("not an address"))
                }
            }
            try await Self.expectNoContacts(fixture)
        }
    }

    @Test("a bad PATCH answers 422 naming the field and leaves the contact as it was")
    func badUpdates() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let id = try await client.createContact(CRMSamples.maria, token: agent)
                let before = try await client.json(.get, "/contacts/\(id)", token: agent)
                for (body, field) in Self.badBodies where !body.isEmpty {
                    let reply = try await client.json(.patch, "/contacts/\(id)", body: body, token: agent)
                    #expect(reply.status == .unprocessableContent, "\(field)")
                    #expect(reply.errorMessage.contains("'\(field)'"), "\(field): \(reply.errorMessage)")
                }
                let after = try await client.json(.get, "/contacts/\(id)", token: agent)
                #expect(after.body == before.body)
            }
        }
    }

    @Test("bad ids, cursors, limits and timestamps on the other contact routes are 4xx")
    func badParameters() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let id = try await client.createContact(CRMSamples.maria, token: agent)
                let unknown = UUID().uuidString.lowercased()
                let cases: [(HTTPRequest.Method, String, [String: Any]?, HTTPResponse.Status)] = [
                    (.get, "/contacts/not-a-uuid", nil, .notFound),
                    (.get, "/contacts/\(unknown)", nil, .notFound),
                    (.patch, "/contacts/\(unknown)", ["name": "X"], .notFound),
                    (.delete, "/contacts/\(unknown)", nil, .notFound),
                    (.get, "/contacts?limit=0", nil, .unprocessableContent),
                    (.get, "/contacts?limit=101", nil, .unprocessableContent),
                    (.get, "/contacts?after=xyz", nil, .unprocessableContent),
                    (.get, "/contacts?updated_since=yesterday", nil, .unprocessableContent),
                    (.post, "/contacts/\(id)/merge", ["from": "xyz"], .unprocessableContent),
                    (.post, "/contacts/\(id)/merge", ["from": id], .unprocessableContent),
                    (.post, "/contacts/\(id)/merge", ["from": unknown], .unprocessableContent),
                    (.post, "/contacts/\(unknown)/merge", ["from": id], .notFound),
                    (.post, "/contacts/\(id)/merge", [:], .unprocessableContent),
                ]
                for (method, uri, body, status) in cases {
                    let reply = try await client.json(method, uri, body: body, token: agent)
                    #expect(reply.status == status, "\(method) \(uri)")
                    #expect(reply.errorCode != nil, "\(method) \(uri)")
                }
                let still = try await client.json(.get, "/contacts/\(id)", token: agent)
                #expect(still["name"] == "Maria Quitéria de Jesus")
            }
        }
    }

    @Test("a compliance officer reads contacts but cannot write them; without a token nothing is served")
    func permissions() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let compliance = try await client.accessToken("compliance")
                let write = try await client.json(.post, "/contacts", body: CRMSamples.maria, token: compliance)
                #expect(write.status == .forbidden)
                let anonymous = try await client.json(.post, "/contacts", body: CRMSamples.maria)
                #expect(anonymous.status == .unauthorized)
                let list = try await client.json(.get, "/contacts", token: compliance)
                #expect(list.status == .ok)
            }
            try await Self.expectNoContacts(fixture)
        }
    }

    static func expectNoContacts(_ fixture: IdentityFixture) async throws {
        let owner = fixture.database.pool(owner: true, maximumConnections: 1)
        let counts = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: """
                    SELECT ((SELECT count(*) FROM contacts) + (SELECT count(*) FROM subject_keys)
                        + (SELECT count(*) FROM contact_lookups))::text
                    """
            )
        }
        #expect(counts == ["0"])
    }
}
