import Foundation
import SigiloFakes
import Testing

@Suite("Status webhooks")
struct StatusWebhookTests {
    @Test("every receipt is a full envelope signed with the app secret over its exact bytes")
    func signed() async throws {
        try await Harness.with(
            { $0.statuses = .init(read: true, delay: .milliseconds(1)) },
            run: { harness in
                try await harness.openWindow("5511987654321")
                let extra = #","biz_opaque_callback_data":"campanha/42""#
                let answer = try await harness.sendText("5511987654321", extra: extra)
                let id = try #require(answer.json?["messages"]?.array?.first?["id"]?.string)
                await harness.fake.waitForWebhooks()
                let deliveries = Array(harness.receiver.deliveries().dropFirst())
                #expect(deliveries.count == 3)
                #expect(deliveries.allSatisfy { $0.isSigned(with: Harness.secret) })
                #expect(!deliveries.contains { $0.isSigned(with: "other-secret") })
                let first = try #require(deliveries.first?.json)
                #expect(first["object"]?.string == "whatsapp_business_account")
                let entry = try #require(first["entry"]?.array?.first)
                #expect(entry["id"]?.string == Harness.phone.wabaID)
                let change = try #require(entry["changes"]?.array?.first)
                #expect(change["field"]?.string == "messages")
                #expect(change["value"]?["metadata"]?["phone_number_id"]?.string == Harness.phone.id)
                #expect(change["value"]?["metadata"]?["display_phone_number"]?.string == Harness.phone.displayNumber)
                let status = try #require(change["value"]?["statuses"]?.array?.first)
                #expect(status["id"]?.string == id)
                #expect(status["timestamp"]?.string.flatMap { Int($0) } != nil)
                #expect(status["biz_opaque_callback_data"]?.string == "campanha/42")
                #expect(Harness.statuses(deliveries).map { $0["status"]?.string } == ["sent", "delivered", "read"])
                #expect(harness.fake.webhookCounts().delivered == 3)
            }
        )
    }

    @Test("duplicates and shuffle: each receipt twice, in reverse order")
    func duplicatesShuffled() async throws {
        let plan = FakeGraphAPI.StatusPlan(read: true, duplicates: 1, shuffled: true, delay: .milliseconds(1))
        try await Harness.with(
            { $0.statuses = plan },
            run: { harness in
                try await harness.openWindow("5511987654321")
                _ = try await harness.sendText("5511987654321")
                await harness.fake.waitForWebhooks()
                let order = Harness.statuses(harness.receiver.deliveries()).map { $0["status"]?.string ?? "" }
                #expect(order == ["read", "read", "delivered", "delivered", "sent", "sent"])
            }
        )
    }

    @Test("a receiver answering 500 gets retries, then the webhook is dropped and counted")
    func retriesThenDrops() async throws {
        try await Harness.with(
            { $0.statuses = .init(delivered: false, delay: .milliseconds(1)) },
            run: { harness in
                try await harness.openWindow("5511987654321")
                harness.receiver.answer(500)
                _ = try await harness.sendText("5511987654321")
                await harness.fake.waitForWebhooks()
                #expect(harness.receiver.deliveries().count == 1 + 4)
                #expect(harness.fake.webhookCounts().dropped == 1)
            }
        )
    }
}
