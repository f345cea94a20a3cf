import Foundation
import SigiloFakes
import Testing

@Suite("Inbound webhooks and HTTP control")
struct InboundTests {
    @Test("copies, BSUID without phone, image, button reply, reaction, location and reply context")
    func kinds() async throws {
        try await Harness.with { harness in
            let media = harness.fake.addMedia(Data("img".utf8), mimeType: "image/jpeg")
            let contents: [FakeGraphAPI.SimulatedInbound.Content] = [
                .image(mediaID: media, caption: "foto"), .buttonReply(id: "yes", title: "Sim"),
                .reaction(messageID: "wamid.X", emoji: "👍"),
                .location(latitude: -23.5505, longitude: -46.6333, name: nil, address: nil),
            ]
            for content in contents {
                _ = try await harness.fake.deliverInbound(
                    .init(from: "5511987654321", content: content, replyTo: "wamid.Q")
                )
            }
            let bsuid = FakeGraphAPI.SimulatedInbound(
                from: "5511987654321",
                userID: "US.1349120865530274",
                omitPhone: true
            )
            _ = try await harness.fake.deliverInbound(bsuid, copies: 2)
            let values = harness.receiver.deliveries().compactMap {
                $0.json?["entry"]?.array?.first?["changes"]?.array?.first?["value"]
            }
            let messages = values.compactMap { $0["messages"]?.array?.first }
            #expect(
                messages.map { $0["type"]?.string } == ["image", "interactive", "reaction", "location", "text", "text"]
            )
            #expect(messages[0]["image"]?["id"]?.string == media)
            #expect(messages[0]["image"]?["sha256"]?.string?.count == 64)
            #expect(messages[1]["interactive"]?["button_reply"]?["id"]?.string == "yes")
            #expect(messages[2]["reaction"]?["emoji"]?.string == "👍")
            #expect(messages[3]["location"]?["latitude"]?.double == -23.5505)
            #expect(messages[0]["context"]?["id"]?.string == "wamid.Q")
            #expect(messages[4]["from"] == nil)
            #expect(messages[4]["from_user_id"]?.string == "US.1349120865530274")
            #expect(values[4]["contacts"]?.array?.first?["user_id"]?.string == "US.1349120865530274")
            #expect(messages[4]["id"]?.string == messages[5]["id"]?.string)
        }
    }

    @Test("a batch of 2 entries × 2 changes × 2 messages; a wrong secret signs differently")
    func batch() async throws {
        try await Harness.with { harness in
            let change = [FakeGraphAPI.SimulatedInbound(from: "5511911112222"), .init(from: "5521933334444")]
            let batch = try harness.fake.inboundBatch([[change, change], [change, change]])
            #expect(batch.messageIDs.count == 8)
            #expect(Set(batch.messageIDs).count == 8)
            #expect(try await harness.fake.deliverWebhook(body: batch.body, secret: Harness.secret) == 200)
            _ = try await harness.fake.deliverWebhook(body: batch.body, secret: "wrong")
            _ = try await harness.fake.deliverWebhook(body: batch.body, secret: nil)
            let deliveries = harness.receiver.deliveries()
            #expect(deliveries.map { $0.isSigned(with: Harness.secret) } == [true, false, false])
            #expect(deliveries[2].signature == nil)
            let entries = try #require(deliveries[0].json?["entry"]?.array)
            let count = entries.flatMap { $0["changes"]?.array ?? [] }.map {
                $0["value"]?["messages"]?.array?.count ?? 0
            }
            #expect(count == [2, 2, 2, 2])
        }
    }

    @Test("HTTP control: inbound, failures, clock and sent")
    func httpControl() async throws {
        try await Harness.with { harness in
            let origin = harness.fake.origin
            let inbound = try await harness.call(
                "POST",
                "\(origin)/_fake/inbound",
                json: #"{"from":"5511987654321","name":"Ana","text":"oi"}"#,
                token: nil
            )
            #expect(inbound.json?["status"]?.int == 200)
            #expect(inbound.json?["message_id"]?.string?.hasPrefix("wamid.") == true)
            let failure = #"{"code":131000,"http_status":500,"count":1}"#
            #expect(try await harness.call("POST", "\(origin)/_fake/failures", json: failure, token: nil).status == 200)
            #expect(try await harness.sendText("5511987654321").status == 500)
            #expect(try await harness.sendText("5511987654321").status == 200)
            let clock = try await harness.call("POST", "\(origin)/_fake/clock", json: #"{"seconds":90000}"#, token: nil)
            #expect((clock.json?["now"]?.int ?? 0) > Int(Date().timeIntervalSince1970) + 80_000)
            let sent = try await harness.call("GET", "\(origin)/_fake/sent", token: nil)
            #expect(sent.json?["data"]?.array?.count == 1)
            #expect(sent.json?["data"]?.array?.first?["wa_id"]?.string == "551187654321")
        }
    }
}
