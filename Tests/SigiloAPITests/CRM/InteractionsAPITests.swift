import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Interactions API")
struct InteractionsAPITests {
    @Test("interactions list most recent first with a cursor; products bought sum per product and currency")
    func views() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let contact = try await client.createContact(CRMSamples.maria, token: agent)
                let bodies: [[String: Any]] = [
                    [
                        "kind": "purchase", "occurred_at": "2026-01-10T10:00:00Z", "product": "Café",
                        "amount": ["minor_units": 1990, "currency": "BRL"],
                    ],
                    ["kind": "call", "occurred_at": "2026-02-01T09:30:00-03:00", "text": "Ligou sobre entrega"],
                    [
                        "kind": "purchase", "occurred_at": "2026-03-05T15:00:00.250Z", "product": "Café",
                        "amount": ["minor_units": 2590, "currency": "BRL"],
                    ],
                    ["kind": "purchase", "occurred_at": "2026-02-20T12:00:00Z", "product": "Bolo"],
                    ["kind": "note", "occurred_at": "2026-03-06T08:00:00Z", "text": "Cliente fiel ❤️"],
                ]
                var ids: [String] = []
                for body in bodies {
                    let created = try await client.json(
                        .post,
                        "/contacts/\(contact)/interactions",
                        body: body,
                        token: agent
                    )
                    #expect(created.status == .created)
                    ids.append(try #require(created["id"]))
                }
                let page = try await client.json(.get, "/contacts/\(contact)/interactions?limit=3", token: agent)
                let list = page.object["interactions"] as? [[String: Any]] ?? []
                #expect(list.compactMap { $0["id"] as? String } == [ids[4], ids[2], ids[3]])
                #expect(list.first?["text"] as? String == "Cliente fiel ❤️")
                let older = try await client.json(
                    .get,
                    "/contacts/\(contact)/interactions?limit=3&before=\(try #require(page["next"]))",
                    token: agent
                )
                let rest = (older.object["interactions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(rest == [ids[1], ids[0]])
                let calls = try await client.json(.get, "/contacts/\(contact)/interactions?kind=call", token: agent)
                #expect((calls.object["interactions"] as? [[String: Any]])?.count == 1)

                let products = try await client.json(.get, "/contacts/\(contact)/products", token: agent)
                let lines = products.object["products"] as? [[String: Any]] ?? []
                #expect(lines.compactMap { $0["product"] as? String } == ["Café", "Bolo"])
                #expect(lines.first?["purchases"] as? Int == 2)
                let total = lines.first?["total"] as? [String: Any]
                #expect(total?["minor_units"] as? Int == 4580)
                #expect(total?["currency"] as? String == "BRL")
                #expect(lines.last?["total"] is NSNull)
            }
        }
    }

    @Test("an interaction is read, changed and deleted; purchase rules and every bad field answer 422 naming it")
    func lifecycleAndValidation() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let contact = try await client.createContact(CRMSamples.maria, token: agent)
                let base = "/contacts/\(contact)/interactions"
                let bad: [([String: Any], String)] = [
                    ([:], "kind"),
                    (["kind": "visit"], "kind"),
                    (["kind": "call", "occurred_at": "ontem"], "occurred_at"),
                    (["kind": "purchase"], "product"),
                    (["kind": "call", "product": "Café"], "product"),
                    (["kind": "call", "amount": ["minor_units": 10, "currency": "BRL"]], "amount"),
                    (
                        ["kind": "purchase", "product": "Café", "amount": ["minor_units": -1, "currency": "BRL"]],
                        "amount.minor_units"
                    ),
                    (
                        ["kind": "purchase", "product": "Café", "amount": ["minor_units": 1, "currency": "real"]],
                        "amount.currency"
                    ),
                    (["kind": "note", "text": ""], "text"),
                    (["kind": "note", "texto": "x"], "texto"),
                    // 101 flags: 101 characters, 202 Unicode scalars (PostgreSQL's length()).
                    (["kind": "purchase", "product": String(repeating: "🇧🇷", count: 101)], "product"),
                ]
                for (body, field) in bad {
                    let reply = try await client.json(.post, base, body: body, token: agent)
                    #expect(reply.status == .unprocessableContent, "\(field)")
                    #expect(reply.errorMessage.contains("'\(field)'"), "\(field): \(reply.errorMessage)")
                }
                let empty = try await client.json(.get, base, token: agent)
                #expect((empty.object["interactions"] as? [Any])?.isEmpty == true)

                let created = try await client.json(
                    .post,
                    base,
                    body: ["kind": "note", "text": "Primeira nota"],
                    token: agent
                )
                let id = try #require(created["id"])
                let changed = try await client.json(
                    .patch,
                    "\(base)/\(id)",
                    body: ["text": "Nota corrigida", "kind": "meeting"],
                    token: agent
                )
                #expect(changed["text"] == "Nota corrigida")
                #expect(changed["kind"] == "meeting")
                let refused = try await client.json(.patch, "\(base)/\(id)", body: ["product": "Café"], token: agent)
                #expect(refused.status == .unprocessableContent)
                #expect(try await client.json(.get, "\(base)/\(id)", token: agent)["text"] == "Nota corrigida")
                #expect(try await client.json(.delete, "\(base)/\(id)", token: agent).status == .noContent)
                #expect(try await client.json(.get, "\(base)/\(id)", token: agent).status == .notFound)
                let unknownContact = "/contacts/\(UUID().uuidString.lowercased())/interactions"
                #expect(
                    try await client.json(.post, unknownContact, body: ["kind": "call"], token: agent).status
                        == .notFound
                )
                #expect(try await client.json(.get, "\(base)?before=abc", token: agent).status == .unprocessableContent)
                #expect(try await client.json(.get, "\(base)?kind=visit", token: agent).status == .unprocessableContent)
            }
        }
    }

    @Test("another tenant cannot reach a contact's interactions")
    func isolation() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let globex = try await client.accessToken("globexAdmin", tenant: "globex")
                let contact = try await client.createContact(CRMSamples.maria, token: agent)
                let created = try await client.json(
                    .post,
                    "/contacts/\(contact)/interactions",
                    body: ["kind": "note", "text": "segredo"],
                    token: agent
                )
                let id = try #require(created["id"])
                for (method, uri) in [
                    (HTTPRequest.Method.get, "/contacts/\(contact)/interactions"),
                    (.get, "/contacts/\(contact)/interactions/\(id)"),
                    (.delete, "/contacts/\(contact)/interactions/\(id)"),
                    (.get, "/contacts/\(contact)/products"),
                ] {
                    #expect(try await client.json(method, uri, token: globex).status == .notFound, "\(uri)")
                }
                let write = try await client.json(
                    .post,
                    "/contacts/\(contact)/interactions",
                    body: ["kind": "note"],
                    token: globex
                )
                #expect(write.status == .notFound)
                #expect(
                    try await client.json(.get, "/contacts/\(contact)/interactions/\(id)", token: agent)["text"]
                        == "segredo"
                )
            }
        }
    }
}
