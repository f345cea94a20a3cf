import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Contact lifecycle")
struct ContactLifecycleTests {
    @Test("lists page by cursor, filter by tag and update time, and each page is one audit event naming its subjects")
    func listing() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                var ids: [String] = []
                for index in 0..<5 {
                    ids.append(
                        try await client.createContact(
                            ["name": "Cliente \(index)", "tags": index.isMultiple(of: 2) ? ["par"] : ["impar"]],
                            token: agent
                        )
                    )
                }
                let first = try await client.json(.get, "/contacts?limit=2", token: agent)
                let next = try #require(first["next"])
                let second = try await client.json(.get, "/contacts?limit=2&after=\(next)", token: agent)
                let third = try await client.json(
                    .get,
                    "/contacts?limit=2&after=\(try #require(second["next"]))",
                    token: agent
                )
                #expect(third["next"] == nil)
                let paged = (first.contacts + second.contacts + third.contacts).compactMap { $0["id"] as? String }
                #expect(paged == ids.sorted())

                let even = try await client.json(.get, "/contacts?tag=par", token: agent)
                #expect(Set(even.contacts.compactMap { $0["id"] as? String }) == [ids[0], ids[2], ids[4]])

                let cutoff = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
                _ = try await client.json(.patch, "/contacts/\(ids[1])", body: ["tags": ["vip"]], token: agent)
                try await Task.sleep(for: .milliseconds(1100))
                let later = ISO8601DateFormatter().string(from: Date())
                _ = try await client.json(.patch, "/contacts/\(ids[3])", body: ["tags": ["vip"]], token: agent)
                let recent = try await client.json(.get, "/contacts?updated_since=\(later)", token: agent)
                #expect(recent.contacts.compactMap { $0["id"] as? String } == [ids[3]])
                let sinceCutoff = try await client.json(.get, "/contacts?tag=vip&updated_since=\(cutoff)", token: agent)
                #expect(Set(sinceCutoff.contacts.compactMap { $0["id"] as? String }) == [ids[1], ids[3]])

                let compliance = try await client.accessToken("compliance")
                let events = try await client.json(.get, "/audit/events?limit=200", token: compliance)
                let lists = (events.object["events"] as? [[String: Any]] ?? []).filter {
                    $0["action"] as? String == "contact.list"
                }
                let firstPage = try #require(lists.first?["details"] as? [String: String])
                #expect(firstPage["count"] == "2")
                #expect(firstPage["subjects"] == ids.sorted().prefix(2).joined(separator: " "))
            }
        }
    }

    @Test("PATCH changes only what it names; null clears notes, cadence and WhatsApp id; the search index follows")
    func patching() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let id = try await client.createContact(CRMSamples.maria, token: agent)
                let patched = try await client.json(
                    .patch,
                    "/contacts/\(id)",
                    body: [
                        "phones": [["number": "+55 21 99999-0000", "valid": false]], "notes": NSNull(),
                        "cadence": NSNull(), "whatsapp_id": NSNull(), "opt_in": "opted_out",
                    ],
                    token: agent
                )
                #expect(patched.status == .ok)
                #expect(patched["name"] == "Maria Quitéria de Jesus")
                #expect(patched.object["notes"] is NSNull)
                #expect(patched.object["cadence"] is NSNull)
                #expect(patched.object["whatsapp_id"] is NSNull)
                #expect(patched["opt_in"] == "opted_out")
                #expect((patched.object["phones"] as? [[String: Any]])?.first?["valid"] as? Bool == false)
                let old = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5511987654321"],
                    token: agent
                )
                #expect(old.contacts.isEmpty)
                let new = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "(21) 99999-0000"],
                    token: agent
                )
                #expect(new.contacts.compactMap { $0["id"] as? String } == [id])
                let byOldWhatsApp = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["whatsapp_id": "551187654321"],
                    token: agent
                )
                #expect(byOldWhatsApp.contacts.isEmpty)
            }
        }
    }

    @Test("a merge keeps one person: phones, e-mails, tags and interactions move, opt-out wins, the old id answers 410")
    func merging() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let survivor = try await client.createContact(CRMSamples.maria, token: agent)
                var duplicate = CRMSamples.joana
                duplicate["opt_in"] = "opted_out"
                duplicate["phones"] = [["number": "+55 11 98765-4321"], ["number": "+55 71 3321-0000"]]
                let absorbed = try await client.createContact(duplicate, token: agent)
                let purchase = try await client.json(
                    .post,
                    "/contacts/\(absorbed)/interactions",
                    body: ["kind": "purchase", "product": "Acarajé", "text": "Pediu sem pimenta"],
                    token: agent
                )
                #expect(purchase.status == .created)
                let interaction = try #require(purchase["id"])

                let merged = try await client.json(
                    .post,
                    "/contacts/\(survivor)/merge",
                    body: ["from": absorbed],
                    token: agent
                )
                #expect(merged.status == .ok)
                #expect(merged["name"] == "Maria Quitéria de Jesus")
                let numbers = (merged.object["phones"] as? [[String: Any]])?.compactMap { $0["number"] as? String }
                #expect(numbers == ["+5511987654321", "+557133210000"])
                #expect((merged.object["emails"] as? [[String: Any]])?.count == 2)
                #expect(merged.object["tags"] as? [String] == ["vip", "bahia"])
                #expect(merged["opt_in"] == "opted_out")

                let gone = try await client.json(.get, "/contacts/\(absorbed)", token: agent)
                #expect(gone.status == .gone)
                #expect(gone.errorCode == "contact_merged")
                #expect(gone.errorMessage.contains(survivor))
                let moved = try await client.json(
                    .get,
                    "/contacts/\(survivor)/interactions/\(interaction)",
                    token: agent
                )
                #expect(moved["text"] == "Pediu sem pimenta")
                let byEmail = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["email": "joana.angelica@example.org"],
                    token: agent
                )
                #expect(byEmail.contacts.compactMap { $0["id"] as? String } == [survivor])
                let again = try await client.json(
                    .post,
                    "/contacts/\(survivor)/merge",
                    body: ["from": absorbed],
                    token: agent
                )
                #expect(again.status == .gone)
            }
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let keys = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "SELECT count(*)::text FROM subject_keys")
            }
            #expect(keys == ["1"])
        }
    }

    @Test("a merge that would exceed 20 phones is refused with 409 and changes neither contact")
    func mergeLimits() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                func phones(_ area: Int) -> [[String: Any]] {
                    (0..<12).map { ["number": "+55 \(area) 3\(String(format: "%03d", $0))-0000"] }
                }
                let first = try await client.createContact(["name": "Um", "phones": phones(11)], token: agent)
                let second = try await client.createContact(["name": "Dois", "phones": phones(21)], token: agent)
                let merged = try await client.json(
                    .post,
                    "/contacts/\(first)/merge",
                    body: ["from": second],
                    token: agent
                )
                #expect(merged.status == .conflict)
                #expect(merged.errorMessage.contains("phones"))
                #expect(try await client.json(.get, "/contacts/\(second)", token: agent)["name"] == "Dois")
                let kept = try await client.json(.get, "/contacts/\(first)", token: agent)
                #expect((kept.object["phones"] as? [Any])?.count == 12)
            }
        }
    }

    @Test("deleting a contact removes its interactions, index entries and data key; the id then answers 404")
    func deleting() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let id = try await client.createContact(CRMSamples.maria, token: agent)
                _ = try await client.json(.post, "/contacts/\(id)/interactions", body: ["kind": "call"], token: agent)
                let deleted = try await client.json(.delete, "/contacts/\(id)", token: agent)
                #expect(deleted.status == .noContent)
                #expect(try await client.json(.get, "/contacts/\(id)", token: agent).status == .notFound)
                #expect(try await client.json(.delete, "/contacts/\(id)", token: agent).status == .notFound)
                let search = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5511987654321"],
                    token: agent
                )
                #expect(search.contacts.isEmpty)
            }
            try await ContactValidationTests.expectNoContacts(fixture)
        }
    }
}
