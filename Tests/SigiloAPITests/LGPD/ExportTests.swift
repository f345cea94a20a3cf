import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// Access and portability exports (LGPD Art. 18 II, V): every datum held about the subject,
/// none of anyone else's, as JSON and as a page a person can read.
@Suite("Data-subject export")
struct ExportTests {
    static let mariaWrites = "Oi, aqui é a Maria <b>sobre o pedido 4471</b>"
    static let joanaWrites = "Joana falando sobre a troca"

    @Test("the export holds every seeded datum of the subject and none of another's; HTML is escaped")
    func export() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let maria = try await fixture.client.createContact(CRMSamples.maria, token: fixture.agent)
            let joana = try await fixture.client.createContact(CRMSamples.joana, token: fixture.agent)
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(maria)/interactions",
                body: ["kind": "purchase", "product": "Vestido azul", "text": "Entregar na portaria"],
                token: fixture.agent
            )
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(joana)/interactions",
                body: ["kind": "purchase", "product": "Sandália", "text": "Cliente da loja do Pelourinho"],
                token: fixture.agent
            )
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(maria)/consents",
                body: [
                    "purpose": "whatsapp_marketing", "status": "granted", "evidence": "opt-in no site em 2026-10-01",
                ],
                token: fixture.agent
            )
            try await fixture.customerWrites(Self.mariaWrites, from: "551187654321")
            try await fixture.customerWrites(Self.joanaWrites, from: "5571991234567", name: "Joana")
            let conversation =
                try await fixture.query(
                    "SELECT id FROM conversations WHERE contact_id = '\(maria)'"
                ).first ?? ""
            let reply = try await fixture.send(
                ["type": "text", "text": "Seu pedido sai amanhã"],
                conversation: conversation
            )
            #expect(reply.status == .accepted)
            let request = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": maria, "kind": "access", "details": "Pedido feito por telefone"],
                token: officer
            )
            let id = try #require(request["id"])

            let exported = try await fixture.client.json(.get, "/dsr/\(id)/export", token: officer)
            #expect(exported.status == .ok)
            #expect(exported.headers[.contentType] == "application/json; charset=utf-8")
            #expect(exported.headers[.contentDisposition]?.contains("attachment") == true)
            let document = exported.object
            #expect(document["schema"] as? String == "sigilo.subject-export/v1")
            let text = String(decoding: exported.body, as: UTF8.self)
            let held = [
                "Maria Quitéria de Jesus", "+5511987654321", "maria.quiteria@example.com.br", "camarão", "Vestido azul",
                "Entregar na portaria", "opt-in no site em 2026-10-01", "Pedido feito por telefone",
                "sobre o pedido 4471", "Seu pedido sai amanhã", "551187654321", "Meta Platforms",
            ]
            for value in held { #expect(text.contains(value), "the export lacks '\(value)'") }
            let others = ["Joana", "99123-4567", "Sandália", "Pelourinho", Self.joanaWrites, joana]
            for value in others { #expect(!text.contains(value), "the export contains another subject's '\(value)'") }
            let conversations = document["conversations"] as? [[String: Any]] ?? []
            #expect(conversations.count == 1)
            #expect((conversations.first?["messages"] as? [Any])?.count == 2)
            let accesses = (document["accesses"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(accesses.contains("contact.create") && accesses.contains("message.receive"))
            #expect(accesses.contains("dsr.export"), "the export's own access comes first")

            let page = try await fixture.client.json(.get, "/dsr/\(id)/export?format=html", token: officer)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("Maria Quitéria de Jesus") && html.contains("Seu pedido sai amanhã"))
            #expect(html.contains("&lt;b&gt;sobre o pedido 4471&lt;/b&gt;") && !html.contains("<b>sobre"))
            #expect(!html.contains("Joana") && !html.contains("Pelourinho"))
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action = 'dsr.export' AND subject_id = '\(maria)'"
                ) == 2
            )
        }
    }

    @Test("an export needs an access or portability request, a known format, and a subject not erased")
    func refusals() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let maria = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let erasure = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": maria, "kind": "erasure"],
                token: officer
            )
            let erasureID = try #require(erasure["id"])
            let wrongKind = try await fixture.client.json(.get, "/dsr/\(erasureID)/export", token: officer)
            #expect(wrongKind.status == .conflict && wrongKind.errorCode == "not_an_export")
            let access = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": maria, "kind": "portability"],
                token: officer
            )
            let accessID = try #require(access["id"])
            let format = try await fixture.client.json(.get, "/dsr/\(accessID)/export?format=xml", token: officer)
            #expect(format.status == .unprocessableContent)
            #expect(try await fixture.client.json(.get, "/dsr/\(UUID())/export", token: officer).status == .notFound)
            #expect(
                try await fixture.client.json(.get, "/dsr/\(accessID)/export", token: fixture.agent).status
                    == .forbidden
            )
            _ = try await fixture.client.json(.post, "/dsr/\(erasureID)/approve", token: officer)
            #expect(try await fixture.client.json(.post, "/dsr/\(erasureID)/erasure", token: officer).status == .ok)
            let gone = try await fixture.client.json(.get, "/dsr/\(accessID)/export", token: officer)
            #expect(gone.status == .conflict && gone.errorCode == "already_erased")
        }
    }
}
