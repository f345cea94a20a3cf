import Foundation
import SigiloFakes
import Testing

@Suite("24-hour window (131047), unreachable (131026) and injected failures")
struct WindowTests {
    @Test("25 h after the customer wrote, a text is accepted then fails with 131047; a template still goes")
    func windowClosed() async throws {
        try await Harness.with { harness in
            harness.fake.addTemplate(wabaID: Harness.phone.wabaID, name: "lembrete", bodyText: "Olá {{1}}")
            try await harness.openWindow("5511987654321")
            harness.fake.advanceClock(by: .seconds(25 * 3600))
            let answer = try await harness.sendText("5511987654321")
            #expect(answer.status == 200)
            let template =
                #"{"messaging_product":"whatsapp","to":"5511987654321","type":"template","template":"#
                + #"{"name":"lembrete","language":{"code":"pt_BR"},"components":[{"type":"body","parameters":"#
                + #"[{"type":"text","text":"Maria"}]}]}}"#
            #expect(try await harness.call("POST", "\(Harness.phone.id)/messages", json: template).status == 200)
            await harness.fake.waitForWebhooks()
            let statuses = Harness.statuses(harness.receiver.deliveries())
            let failed = try #require(statuses.first { $0["status"]?.string == "failed" })
            #expect(failed["errors"]?.array?.first?["code"]?.int == 131_047)
            #expect(failed["errors"]?.array?.first?["title"]?.string == "Re-engagement message")
            #expect(statuses.filter { $0["status"]?.string == "failed" }.count == 1)
            #expect(statuses.contains { $0["pricing"]?["category"]?.string == "utility" })
        }
    }

    @Test("an unreachable number is accepted then fails with 131026")
    func unreachable() async throws {
        try await Harness.with(
            { $0.unreachable = ["551187654321"] },
            run: { harness in
                try await harness.openWindow("551187654321")
                #expect(try await harness.sendText("5511987654321").status == 200)
                await harness.fake.waitForWebhooks()
                let statuses = Harness.statuses(harness.receiver.deliveries())
                #expect(statuses.map { $0["status"]?.string } == ["failed"])
                #expect(statuses.first?["errors"]?.array?.first?["code"]?.int == 131_026)
            }
        )
    }

    @Test("injected failures: sync JSON, sync non-JSON 503, then async failed; then normal again")
    func injected() async throws {
        try await Harness.with { harness in
            try await harness.openWindow("5511987654321")
            harness.fake.failNext(.init(code: 131_056, title: "Pair rate limit hit", details: "slow down"))
            harness.fake.failNext(.init(code: 1, httpStatus: 503, nonJSONBody: true))
            harness.fake.failNext(.init(code: 131_049, title: "Healthy ecosystem", async: true))
            let pair = try await harness.sendText("5511987654321")
            #expect(pair.status == 400)
            #expect(pair.code == 131_056)
            #expect(pair.json?["error"]?["error_data"]?["details"]?.string == "slow down")
            let proxy = try await harness.sendText("5511987654321")
            #expect(proxy.status == 503)
            #expect(proxy.json == nil)
            #expect(try await harness.sendText("5511987654321").status == 200)
            #expect(try await harness.sendText("5511987654321").status == 200)
            await harness.fake.waitForWebhooks()
            let statuses = Harness.statuses(harness.receiver.deliveries())
            #expect(statuses.filter { $0["status"]?.string == "failed" }.count == 1)
            #expect(
                statuses.first { $0["status"]?.string == "failed" }?["errors"]?.array?.first?["code"]?.int == 131_049
            )
            #expect(harness.fake.sent().count == 2)
        }
    }
}
