import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// Templates between Sigilo and Meta: pulled with their statuses, and submitted for approval.
@Suite("WhatsApp template sync")
struct TemplateSyncTests {
    @Test("sync pulls Meta's templates and statuses; a later sync updates them; submit sends one for review")
    func syncAndSubmit() async throws {
        try await WhatsAppFixture.with { fixture in
            fixture.fake.addTemplate(wabaID: WhatsAppFixture.wabaID, name: "boas_vindas", bodyText: "Olá {{1}}!")
            fixture.fake.addTemplate(
                wabaID: WhatsAppFixture.wabaID,
                name: "oferta_semana",
                category: "MARKETING",
                bodyText: "Oferta da semana!",
                status: "PENDING"
            )
            let first = try await fixture.client.json(.post, "/templates/sync", token: fixture.admin)
            #expect(first.status == .ok)
            #expect(first.object["created"] as? Int == 2)
            var list = try await fixture.client.json(.get, "/templates", token: fixture.agent)
            var statuses = Self.statuses(list)
            #expect(statuses["boas_vindas"] == "approved")
            #expect(statuses["oferta_semana"] == "pending")
            fixture.fake.setTemplateStatus(name: "oferta_semana", language: "pt_BR", status: "APPROVED")
            let second = try await fixture.client.json(.post, "/templates/sync", token: fixture.admin)
            #expect(second.object["updated"] as? Int == 2)
            list = try await fixture.client.json(.get, "/templates", token: fixture.agent)
            statuses = Self.statuses(list)
            #expect(statuses["oferta_semana"] == "approved")

            let draft = try await fixture.client.json(
                .post,
                "/templates",
                body: [
                    "name": "lembrete_consulta", "language": "pt_BR", "category": "utility",
                    "body": ["text": "Sua consulta é amanhã às {{1}}.", "examples": ["10h"]],
                ],
                token: fixture.admin
            )
            let id = try #require(draft["id"])
            let submitted = try await fixture.client.json(.post, "/templates/\(id)/submit", token: fixture.admin)
            #expect(submitted.status == .ok)
            #expect(submitted["status"] == "pending")
            #expect(submitted["meta_template_id"] != nil)
            let again = try await fixture.client.json(.post, "/templates/\(id)/submit", token: fixture.admin)
            #expect(again.status == .conflict)
            let third = try await fixture.client.json(.post, "/templates/sync", token: fixture.admin)
            #expect(third.object["created"] as? Int == 0)
            #expect(third.object["updated"] as? Int == 3)
            let agentTry = try await fixture.client.json(.post, "/templates/sync", token: fixture.agent)
            #expect(agentTry.status == .forbidden)
        }
    }

    static func statuses(_ reply: JSONReply) -> [String: String] {
        var found: [String: String] = [:]
        for template in reply.object["templates"] as? [[String: Any]] ?? [] {
            if let name = template["name"] as? String { found[name] = template["status"] as? String }
        }
        return found
    }
}
