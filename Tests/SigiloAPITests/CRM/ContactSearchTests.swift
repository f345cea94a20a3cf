import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Contact search through blind indexes")
struct ContactSearchTests {
    @Test(
        "a phone is found whether the ninth digit is given or not, in any written form",
        arguments: ["+5511987654321", "+55 11 8765-4321", "(11) 98765-4321", "11 8765 4321", "551187654321"]
    )
    func phoneForms(query: String) async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let maria = try await client.createContact(CRMSamples.maria, token: agent)
                _ = try await client.createContact(CRMSamples.joana, token: agent)
                let found = try await client.json(.post, "/contacts/search", body: ["phone": query], token: agent)
                #expect(found.status == .ok)
                #expect(found.contacts.compactMap { $0["id"] as? String } == [maria])
            }
        }
    }

    @Test("a contact stored without the ninth digit is found with it; e-mail and WhatsApp id searches work")
    func storedWithoutNinthDigit() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let joana = try await client.createContact(
                    ["name": "Joana", "phones": [["number": "+55 71 9123-4567"]]],
                    token: agent
                )
                let maria = try await client.createContact(CRMSamples.maria, token: agent)
                let byPhone = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5571991234567"],
                    token: agent
                )
                #expect(byPhone.contacts.compactMap { $0["id"] as? String } == [joana])
                let byEmail = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["email": " MARIA.quiteria@example.com.br "],
                    token: agent
                )
                #expect(byEmail.contacts.compactMap { $0["id"] as? String } == [maria])
                let byWhatsApp = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["whatsapp_id": "5511987654321"],
                    token: agent
                )
                #expect(byWhatsApp.contacts.compactMap { $0["id"] as? String } == [maria])
                let none = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["email": "x@example.com"],
                    token: agent
                )
                #expect(none.status == .ok)
                #expect(none.contacts.isEmpty)
            }
        }
    }

    @Test("another tenant's contact with the identical phone is never found, and its index entries differ")
    func tenantIsolation() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let globex = try await client.accessToken("globexAdmin", tenant: "globex")
                let acmeMaria = try await client.createContact(CRMSamples.maria, token: agent)
                let globexMaria = try await client.createContact(CRMSamples.maria, token: globex)
                let fromAcme = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5511987654321"],
                    token: agent
                )
                #expect(fromAcme.contacts.compactMap { $0["id"] as? String } == [acmeMaria])
                let fromGlobex = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5511987654321"],
                    token: globex
                )
                #expect(fromGlobex.contacts.compactMap { $0["id"] as? String } == [globexMaria])
                let read = try await client.json(.get, "/contacts/\(globexMaria)", token: agent)
                #expect(read.status == .notFound)
            }
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let digests = try await owner.whileRunning {
                try await owner.strings(
                    unsafeSQL:
                        "SELECT string_agg(digest::text, ',' ORDER BY digest) FROM contact_lookups GROUP BY tenant_id"
                )
            }
            #expect(digests.count == 2)
            #expect(Set(digests).count == 2)
        }
    }

    @Test("a search answers at most 100 contacts, so its audit event always fits")
    func searchCap() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                for index in 0..<101 {
                    _ = try await client.createContact(
                        ["name": "Família \(index)", "phones": [["number": "+55 11 3333-4444"]]],
                        token: agent
                    )
                }
                let found = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "(11) 3333-4444"],
                    token: agent
                )
                #expect(found.status == .ok)
                #expect(found.contacts.count == 100)
            }
        }
    }

    @Test("the search body takes exactly one known field, and the query never reaches a URL")
    func badSearches() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                for body: [String: Any] in [
                    [:], ["phone": "+5511987654321", "email": "a@b.example"], ["phone": "abc"], ["email": "nope"],
                    ["whatsapp_id": "12"], ["name": "Maria"],
                ] {
                    let reply = try await client.json(.post, "/contacts/search", body: body, token: agent)
                    #expect(reply.status == .unprocessableContent)
                    #expect(!reply.errorMessage.contains("Maria"))
                }
                let get = try await client.json(.get, "/contacts/search", token: agent)
                #expect(get.status == .methodNotAllowed || get.status == .notFound)
            }
        }
    }
}
