import Foundation
import SigiloFakes
import Testing

@Suite("Meta's JSON escaping")
struct EscapingTests {
    @Test("é, 🦐 and / are written as lowercase \\u escapes (surrogate pair) and \\/")
    func writer() {
        let bytes = MetaJSON.object([("text", .string("é 🦐 a/b \"q\""))]).bytes
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"text":"\u00e9 \ud83e\udd90 a\/b \"q\""}"#)
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("an inbound webhook is escaped and signed over those exact bytes")
    func signedEscapedInbound() async throws {
        try await Harness.with { harness in
            let text = "Olá, camarão 🦐 em https://x.com/a"
            let result = try await harness.fake.deliverInbound(.init(from: "5511987654321", content: .text(text)))
            #expect(result.status == 200)
            let delivery = try #require(harness.receiver.deliveries().first)
            let raw = String(decoding: delivery.body, as: UTF8.self)
            #expect(raw.contains(#"Ol\u00e1, camar\u00e3o \ud83e\udd90 em https:\/\/x.com\/a"#))
            #expect(delivery.body.allSatisfy { $0 < 0x80 })
            #expect(delivery.isSigned(with: Harness.secret))
            let message = delivery.json?["entry"]?.array?.first?["changes"]?.array?.first?["value"]?["messages"]?.array?
                .first
            #expect(message?["text"]?["body"]?.string == text)
            #expect(message?["from"]?.string == "551187654321")
            #expect(message?["id"]?.string == result.messageID)
            let reencoded = try JSONSerialization.data(
                withJSONObject: JSONSerialization.jsonObject(with: delivery.body)
            )
            #expect(
                !WebhookReceiver.Delivery(body: reencoded, signature: delivery.signature).isSigned(with: Harness.secret)
            )
        }
    }
}
