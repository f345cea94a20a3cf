import Foundation
import SigiloWhatsApp
import Testing

@Suite("Webhook payload parsing")
struct WebhookPayloadTests {
    /// Two entries, several changes: messages of every kind, statuses out of order, a change of
    /// another field, Meta's \u escapes, a username sender without `from`.
    static let batch = #"""
        {"object":"whatsapp_business_account","entry":[
         {"id":"WABA1","changes":[
          {"field":"messages","value":{"messaging_product":"whatsapp",
            "metadata":{"display_phone_number":"5511400000000","phone_number_id":"106540352242922"},
            "contacts":[{"profile":{"name":"Jo\u00e3o"},"wa_id":"551187654321"},{"profile":{"name":"Ana"},"user_id":"US.13491208655302741918"}],
            "messages":[
             {"from":"551187654321","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Ol\u00e1, n\u00e3o recebi \ud83d\ude22"}},
             {"from":"551187654321","id":"wamid.B","timestamp":"1749416384","type":"image","image":{"id":"MEDIA1","mime_type":"image/jpeg","sha256":"abc","caption":"boleto"},"context":{"from":"5511400000000","id":"wamid.Q","forwarded":true}},
             {"from":"551187654321","id":"wamid.C","timestamp":"1749416385","type":"location","location":{"latitude":"-23.5505","longitude":-46.6333,"name":"Pra\u00e7a"}},
             {"from":"551187654321","id":"wamid.D","timestamp":"1749416386","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"row1","title":"Boleto"}}},
             {"from":"551187654321","id":"wamid.E","timestamp":"1749416387","type":"button","button":{"text":"Parar promo\u00e7\u00f5es","payload":"STOP_PROMO"},"context":{"from":"5511400000000","id":"wamid.T"}},
             {"from":"551187654321","id":"wamid.F","timestamp":"1749416388","type":"reaction","reaction":{"message_id":"wamid.X"}},
             {"from_user_id":"US.13491208655302741918","id":"wamid.G","timestamp":1749416389,"type":"audio","audio":{"id":"MEDIA2","mime_type":"audio/ogg; codecs=opus","sha256":"def","voice":true}},
             {"from":"551187654321","id":"wamid.H","timestamp":"1749416390","type":"unsupported","unsupported":{"type":"poll"},"errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]}
            ]}},
          {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1}}
         ]},
         {"id":"WABA2","changes":[
          {"field":"messages","value":{"metadata":{"display_phone_number":"5521400000000","phone_number_id":"200"},
            "statuses":[
             {"id":"wamid.S","status":"read","timestamp":"1750857390","recipient_id":"5516992318222"},
             {"id":"wamid.S","status":"delivered","timestamp":"1750857384","recipient_id":"5516992318222","pricing":{"category":"utility"}},
             {"id":"wamid.T","status":"failed","timestamp":"1744609253","recipient_id":"5511","errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"more than 24 hours"}}]},
             {"id":"wamid.U","status":"deleted","timestamp":"1744609253","recipient_id":"5511"}
            ]}}
         ]}
        ]}
        """#

    @Test("a batched POST yields every change in order, with its business number, and ignores other fields' values")
    func batch() throws {
        let payload = try WebhookPayload.parse(Data(Self.batch.utf8))
        #expect(payload.object == "whatsapp_business_account")
        #expect(payload.entries.map(\.id) == ["WABA1", "WABA2"])
        #expect(payload.entries[0].changes.map(\.field) == ["messages", "message_template_status_update"])
        #expect(payload.entries[0].changes[1].value == nil)
        let changes = payload.messageChanges
        #expect(changes.map(\.waba) == ["WABA1", "WABA2"])
        #expect(changes.map(\.value.phoneNumberID) == ["106540352242922", "200"])
        #expect(changes[0].value.contacts.map(\.name) == ["João", "Ana"])
        #expect(
            changes[0].value.contacts[1].waID == nil && changes[0].value.contacts[1].userID == "US.13491208655302741918"
        )
    }

    @Test("each message type is read into its content, accents and emoji decoded")
    func messages() throws {
        let messages = try WebhookPayload.parse(Data(Self.batch.utf8)).messageChanges[0].value.messages
        #expect(
            messages.map(\.id) == [
                "wamid.A", "wamid.B", "wamid.C", "wamid.D", "wamid.E", "wamid.F", "wamid.G", "wamid.H",
            ]
        )
        #expect(messages[0].content == .text("Olá, não recebi 😢"))
        #expect(messages[0].timestamp == Date(timeIntervalSince1970: 1_749_416_383))
        guard case .media(let image) = messages[1].content else {
            Issue.record("not media")
            return
        }
        #expect(
            image.kind == "image" && image.id == "MEDIA1" && image.mimeType == "image/jpeg" && image.caption == "boleto"
        )
        #expect(messages[1].replyTo == "wamid.Q" && messages[1].forwarded)
        #expect(messages[2].content == .location(latitude: -23.5505, longitude: -46.6333, name: "Praça", address: nil))
        #expect(messages[3].content == .interactive(kind: "list_reply", id: "row1", title: "Boleto"))
        #expect(messages[4].content == .button(text: "Parar promoções", payload: "STOP_PROMO"))
        #expect(messages[4].replyTo == "wamid.T")
        #expect(messages[5].content == .reaction(messageID: "wamid.X", emoji: nil))
        #expect(messages[6].from == nil && messages[6].fromUserID == "US.13491208655302741918")
        guard case .media(let audio) = messages[6].content else {
            Issue.record("not media")
            return
        }
        #expect(audio.voice && audio.kind == "audio")
        #expect(messages[7].content == .other(type: "unsupported"))
        #expect(
            messages[7].errors.first
                == GraphError(
                    code: 131051,
                    title: "Message type unknown",
                    message: "Message type unknown",
                    details: "Message type is currently not supported."
                )
        )
    }

    @Test("statuses keep Meta's error and rank so that a late receipt never moves a message backwards")
    func statuses() throws {
        let statuses = try WebhookPayload.parse(Data(Self.batch.utf8)).messageChanges[1].value.statuses
        #expect(statuses.map(\.status) == [.read, .delivered, .failed, .other("deleted")])
        #expect(statuses[1].pricingCategory == "utility")
        #expect(statuses[2].errors.first?.code == 131047)
        #expect(statuses[2].errors.first?.details == "more than 24 hours")
        // read first, then the late delivered: it does not apply.
        #expect(DeliveryStatus.read.advances(from: nil))
        #expect(!DeliveryStatus.delivered.advances(from: .read))
        #expect(DeliveryStatus.read.advances(from: .delivered))
        #expect(DeliveryStatus.failed.advances(from: .sent))
        #expect(!DeliveryStatus.delivered.advances(from: .failed))
        #expect(!DeliveryStatus.other("deleted").advances(from: nil))
    }

    @Test("a body that is not a webhook fails to parse rather than yielding an empty batch")
    func malformed() {
        for body in [
            "", "{}", #"{"object":"x"}"#,
            #"{"object":"x","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"m"}]}}]}]}"#,
        ] {
            #expect(throws: (any Error).self) { try WebhookPayload.parse(Data(body.utf8)) }
        }
    }
}
