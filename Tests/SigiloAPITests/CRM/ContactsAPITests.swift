import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Contacts API")
struct ContactsAPITests {
    @Test("a contact is created, read back whole, and both calls are in the audit trail with the contact as subject")
    func createAndRead() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let created = try await client.json(.post, "/contacts", body: CRMSamples.maria, token: agent)
                #expect(created.status == .created)
                let id = try #require(created["id"])
                #expect(created.headers[.location] == "/contacts/\(id)")

                let read = try await client.json(.get, "/contacts/\(id)", token: agent)
                #expect(read.status == .ok)
                #expect(read["name"] == "Maria Quitéria de Jesus")
                let phones = read.object["phones"] as? [[String: Any]]
                #expect(phones?.first?["number"] as? String == "+5511987654321")
                #expect(phones?.first?["label"] as? String == "celular")
                #expect(phones?.first?["valid"] as? Bool == true)
                #expect(
                    (read.object["emails"] as? [[String: Any]])?.first?["address"] as? String
                        == "maria.quiteria@example.com.br"
                )
                #expect(read.object["tags"] as? [String] == ["vip", "bahia"])
                #expect(read["notes"] == "Prefere contato à tarde; alérgica a camarão 🦐")
                #expect((read.object["cadence"] as? [String: Any])?["unit"] as? String == "weeks")
                #expect(read["whatsapp_id"] == "551187654321")
                #expect(read["opt_in"] == "opted_in")

                let compliance = try await client.accessToken("compliance")
                let events = try await client.json(.get, "/audit/events?limit=200", token: compliance)
                let mine = (events.object["events"] as? [[String: Any]] ?? []).filter {
                    ($0["subject_id"] as? String) == id
                }
                #expect(mine.compactMap { $0["action"] as? String } == ["contact.create", "contact.read"])
                #expect(
                    mine.allSatisfy { $0["actor_id"] as? String == fixture.users["agent"]?.uuidString.lowercased() }
                )
            }
        }
    }
}
