import Foundation
import SigiloFakes
import Testing

@Suite("Message templates")
struct TemplateTests {
    static func create(_ harness: Harness, name: String, category: String = "UTILITY") async throws -> Harness.Answer {
        let body =
            #"{"name":"\#(name)","language":"pt_BR","category":"\#(category)","parameter_format":"POSITIONAL","#
            + #""components":[{"type":"BODY","text":"Olá {{1}}, vence {{2}}."}]}"#
        return try await harness.call("POST", "\(Harness.phone.wabaID)/message_templates", json: body)
    }

    static func sendTemplate(_ harness: Harness, parameters: Int) async throws -> Harness.Answer {
        let list = (0..<parameters).map { #"{"type":"text","text":"p\#($0)"}"# }.joined(separator: ",")
        let body =
            #"{"messaging_product":"whatsapp","to":"5511987654321","type":"template","template":"#
            + #"{"name":"lembrete_pagamento","language":{"code":"pt_BR"},"#
            + #""components":[{"type":"body","parameters":[\#(list)]}]}}"#
        return try await harness.call("POST", "\(Harness.phone.id)/messages", json: body)
    }

    @Test("create validates name and category, refuses duplicates with subcode 2388024")
    func create() async throws {
        try await Harness.with { harness in
            let created = try await Self.create(harness, name: "lembrete_pagamento")
            #expect(created.status == 200)
            #expect(created.json?["status"]?.string == "PENDING")
            #expect(created.json?["category"]?.string == "UTILITY")
            #expect(created.json?["id"]?.string?.isEmpty == false)
            #expect(try await Self.create(harness, name: "Lembrete-Pagamento").code == 100)
            #expect(try await Self.create(harness, name: "outro", category: "SERVICE").code == 100)
            let duplicate = try await Self.create(harness, name: "lembrete_pagamento")
            #expect(duplicate.code == 100)
            #expect(duplicate.json?["error"]?["error_subcode"]?.int == 2_388_024)
        }
    }

    @Test("list paginates with cursors and next")
    func paginate() async throws {
        try await Harness.with { harness in
            for name in ["a_um", "b_dois", "c_tres"] {
                harness.fake.addTemplate(wabaID: Harness.phone.wabaID, name: name, bodyText: "Oi")
            }
            let path = "\(Harness.phone.wabaID)/message_templates?fields=name,status&limit=2"
            let first = try #require(try await harness.call("GET", path).json)
            #expect(first["data"]?.array?.map { $0["name"]?.string } == ["a_um", "b_dois"])
            #expect(first["data"]?.array?.first?["category"] == nil)
            #expect(first["data"]?.array?.first?["status"]?.string == "APPROVED")
            let next = try #require(first["paging"]?["next"]?.string)
            #expect(first["paging"]?["cursors"]?["after"]?.string?.isEmpty == false)
            let second = try #require(try await harness.call("GET", next).json)
            #expect(second["data"]?.array?.map { $0["name"]?.string } == ["c_tres"])
            #expect(second["paging"]?["next"] == nil)
        }
    }

    @Test("sends need an approved template (132001) with the right parameter count (132000)")
    func sendRules() async throws {
        try await Harness.with { harness in
            _ = try await Self.create(harness, name: "lembrete_pagamento")
            let pending = try await Self.sendTemplate(harness, parameters: 2)
            #expect(pending.status == 404)
            #expect(pending.code == 132_001)
            #expect(harness.fake.setTemplateStatus(name: "lembrete_pagamento", language: "pt_BR", status: "APPROVED"))
            await harness.fake.waitForWebhooks()
            let update = try #require(harness.receiver.deliveries().last)
            #expect(update.isSigned(with: Harness.secret))
            let change = update.json?["entry"]?.array?.first?["changes"]?.array?.first
            #expect(change?["field"]?.string == "message_template_status_update")
            #expect(change?["value"]?["event"]?.string == "APPROVED")
            #expect(try await Self.sendTemplate(harness, parameters: 1).code == 132_000)
            #expect(try await Self.sendTemplate(harness, parameters: 2).status == 200)
        }
    }
}
