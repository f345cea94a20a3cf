import Foundation
import SigiloFakes
import Testing

@Suite("POST /messages")
struct SendTests {
    @Test("a text send answers Meta's success shape; a BR 13-digit input gets the 12-digit wa_id")
    func successShape() async throws {
        try await Harness.with { harness in
            try await harness.openWindow("551187654321")
            let answer = try await harness.sendText("+5511987654321")
            #expect(answer.status == 200)
            let json = try #require(answer.json)
            #expect(json["messaging_product"]?.string == "whatsapp")
            #expect(json["contacts"]?.array?.first?["input"]?.string == "+5511987654321")
            #expect(json["contacts"]?.array?.first?["wa_id"]?.string == "551187654321")
            let message = try #require(json["messages"]?.array?.first)
            let id = try #require(message["id"]?.string)
            #expect(id.hasPrefix("wamid."))
            #expect(message["message_status"]?.string == "accepted")
            let sent = try #require(harness.fake.sent().first)
            #expect(sent.messageID == id)
            #expect(sent.waID == "551187654321")
            #expect(sent.to == "+5511987654321")
            #expect(sent.type == "text")
        }
    }

    @Test("receipts come from the 12-digit recipient id")
    func receiptsUseCanonicalID() async throws {
        try await Harness.with { harness in
            try await harness.openWindow("5511987654321")
            _ = try await harness.sendText("5511987654321")
            await harness.fake.waitForWebhooks()
            let statuses = Harness.statuses(await harness.receiver.waitFor(3))
            #expect(statuses.map { $0["status"]?.string } == ["sent", "delivered"])
            #expect(statuses.allSatisfy { $0["recipient_id"]?.string == "551187654321" })
            #expect(statuses.first?["pricing"]?["pricing_model"]?.string == "PMP")
            #expect(statuses.first?["pricing"]?["category"]?.string == "service")
        }
    }

    @Test(
        "invalid requests answer 400 with code 100 and details",
        arguments: [
            #"{"to":"5511987654321","type":"text","text":{"body":"x"}}"#,
            #"{"messaging_product":"whatsapp","to":"55-11-abc","type":"text","text":{"body":"x"}}"#,
            #"{"messaging_product":"whatsapp","to":"5511987654321","type":"carousel","carousel":{}}"#,
            #"{"messaging_product":"whatsapp","to":"5511987654321","type":"text","text":{"body":""}}"#,
            #"{"messaging_product":"whatsapp","to":"5511987654321","type":"image","image":{"id":"1","link":"http://x"}}"#,
            #"{"messaging_product":"whatsapp","to":"5511987654321","type":"template","template":{"name":"x"}}"#,
            "not json",
        ]
    )
    func invalid(body: String) async throws {
        try await Harness.with { harness in
            let answer = try await harness.call("POST", "\(Harness.phone.id)/messages", json: body)
            #expect(answer.status == 400)
            #expect(answer.code == 100)
            #expect(answer.json?["error"]?["error_data"]?["details"]?.string?.isEmpty == false)
            #expect(answer.json?["error"]?["error_data"]?["messaging_product"]?.string == "whatsapp")
            #expect(harness.fake.sent().isEmpty)
        }
    }

    @Test("a text body over 4096 characters and an unknown phone number id are refused with 100")
    func limits() async throws {
        try await Harness.with { harness in
            let long = try await harness.sendText("5511987654321", String(repeating: "a", count: 4097))
            #expect(long.code == 100)
            let unknown = try await harness.call(
                "POST",
                "999/messages",
                json: #"{"messaging_product":"whatsapp","to":"5511987654321","text":{"body":"x"}}"#
            )
            #expect(unknown.status == 400)
            #expect(unknown.code == 100)
        }
    }

    @Test("mark-as-read answers success for a known wamid, 100 for an unknown one")
    func markRead() async throws {
        try await Harness.with { harness in
            let inbound = try await harness.fake.deliverInbound(.init(from: "5511987654321"))
            let read = #"{"messaging_product":"whatsapp","status":"read","message_id":"\#(inbound.messageID)"}"#
            let known = try await harness.call("POST", "\(Harness.phone.id)/messages", json: read)
            #expect(known.status == 200)
            #expect(known.json?["success"]?.bool == true)
            let other = #"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.nope"}"#
            let unknown = try await harness.call("POST", "\(Harness.phone.id)/messages", json: other)
            #expect(unknown.code == 100)
        }
    }
}
