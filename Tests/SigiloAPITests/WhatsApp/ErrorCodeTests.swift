import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// Each of Meta's mapped error codes does what it says (reference §6).
@Suite("WhatsApp error codes")
struct ErrorCodeTests {
    @Test(
        "131026 (async) and 133010 (sync) mark the number invalid; the next send is 409 invalid_number",
        arguments: [(131026, true, 200), (133010, false, 400)]
    )
    func invalidNumber(code: Int, async: Bool, httpStatus: Int) async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            fixture.fake.failNext(.init(code: code, httpStatus: async ? 400 : httpStatus, async: async))
            let reply = try await fixture.send(["type": "text", "text": "olá"], conversation: conversation)
            let id = try #require(reply["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "failed" }
            let contact = try await fixture.contactID()
            try await fixture.eventually {
                try await fixture.query("SELECT whatsapp_status FROM contacts WHERE id = '\(contact)'")
                    == ["invalid_number"]
            }
            let next = try await fixture.send(["type": "text", "text": "de novo"], conversation: conversation)
            #expect(next.errorCode == "invalid_number")
            #expect(fixture.fake.sent().count == (async ? 1 : 0))
            #expect(
                try await fixture.count("SELECT count(*) FROM audit_events WHERE action = 'contact.invalid_number'")
                    == 1
            )
        }
    }

    @Test("131047 (async, after a 200) fails the message as window_closed")
    func windowClosedAsync() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            fixture.fake.advanceClock(by: .seconds(25 * 3600))  // Meta's clock says the window closed
            let reply = try await fixture.send(
                ["type": "text", "text": "ainda aí?"],
                conversation: try await fixture.conversationID()
            )
            let id = try #require(reply["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "failed" }
            let read = try await fixture.client.json(
                .get,
                "/conversations/\(try await fixture.conversationID())",
                token: fixture.agent
            )
            let error = (read.object["messages"] as? [[String: Any]])?.last?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "window_closed")
            #expect(error?["graph_code"] as? Int == 131047)
        }
    }

    @Test("190 marks the channel token_expired, raises the alert, keeps the message queued; a new token resumes")
    func tokenExpired() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            fixture.fake.setAccessToken("rotated-token-abcdef0123456789")
            let reply = try await fixture.send(
                ["type": "text", "text": "olá"],
                conversation: try await fixture.conversationID()
            )
            let id = try #require(reply["id"])
            try await fixture.eventually {
                try await fixture.query("SELECT status FROM whatsapp_channels") == ["token_expired"]
            }
            let channel = try await fixture.client.json(
                .get,
                "/whatsapp/channels/\(fixture.channelID)",
                token: fixture.admin
            )
            #expect(channel["status"] == "token_expired")
            #expect(channel.object["access_token"] == nil && channel.object["app_secret"] == nil)
            #expect(try await fixture.query("SELECT state FROM outbox WHERE message_id = '\(id)'") == ["pending"])
            #expect(
                try await fixture.count("SELECT count(*) FROM audit_events WHERE action = 'channel.token_expired'") == 1
            )
            let renewed = try await fixture.client.json(
                .patch,
                "/whatsapp/channels/\(fixture.channelID)",
                body: ["access_token": "rotated-token-abcdef0123456789"],
                token: fixture.admin
            )
            #expect(renewed["status"] == "active")
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "delivered" }
            #expect(fixture.fake.sent().count == 1)
        }
    }

    @Test("131050 records a marketing opt-out: marketing templates are then refused, utility ones still go")
    func marketingOptOut() async throws {
        try await WhatsAppFixture.with { fixture in
            for (name, category) in [("promo_natal", "marketing"), ("aviso_entrega", "utility")] {
                fixture.fake.addTemplate(
                    wabaID: WhatsAppFixture.wabaID,
                    name: name,
                    category: category.uppercased(),
                    bodyText: "Olá!"
                )
                let created = try await fixture.client.json(
                    .post,
                    "/templates",
                    body: [
                        "name": name, "language": "pt_BR", "category": category, "status": "approved",
                        "body": ["text": "Olá!"],
                    ],
                    token: fixture.admin
                )
                #expect(created.status == .created)
            }
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            fixture.fake.failNext(.init(code: 131050, title: "Unable to deliver message", async: true))
            let first = try await fixture.send(
                ["type": "template", "name": "promo_natal", "language": "pt_BR"],
                conversation: conversation
            )
            let id = try #require(first["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "failed" }
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM contacts WHERE marketing_opt_out_at IS NOT NULL") == 1
            }
            let again = try await fixture.send(
                ["type": "template", "name": "promo_natal", "language": "pt_BR"],
                conversation: conversation
            )
            #expect(again.errorCode == "opted_out")
            let utility = try await fixture.send(
                ["type": "template", "name": "aviso_entrega", "language": "pt_BR"],
                conversation: conversation
            )
            #expect(utility.status == .accepted)
        }
    }

    @Test("the fake's 429s (130429) slow sending down; every message is sent exactly once")
    func throughputLimited() async throws {
        try await WhatsAppFixture.with(statuses: .init(sent: true, delivered: false, read: false), fakeThroughput: 4) {
            fixture in
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            // Queue all twelve while the number is paused, so they go out in one burst
            // however slowly a busy test machine answers the API.
            let paused = try await fixture.client.json(
                .patch,
                "/whatsapp/channels/\(fixture.channelID)",
                body: ["status": "disabled"],
                token: fixture.admin
            )
            #expect(paused["status"] == "disabled")
            var ids: [String] = []
            for number in 1...12 {
                let reply = try await fixture.send(
                    ["type": "text", "text": "mensagem \(number)"],
                    conversation: conversation
                )
                ids.append(try #require(reply["id"]))
            }
            let resumed = try await fixture.client.json(
                .patch,
                "/whatsapp/channels/\(fixture.channelID)",
                body: ["status": "active"],
                token: fixture.admin
            )
            #expect(resumed["status"] == "active")
            try await fixture.eventually(timeout: .seconds(60)) {
                try await fixture.count("SELECT count(*) FROM outbox WHERE state = 'sent'") == 12
            }
            let sent = fixture.fake.sent()
            #expect(sent.count == 12)
            let callbacks = sent.compactMap {
                (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["biz_opaque_callback_data"]
                    as? String
            }
            #expect(Set(callbacks) == Set(ids))
            #expect(fixture.fake.peakSendsPerSecond(phoneNumberID: WhatsAppFixture.phoneNumberID) <= 4)
            #expect(fixture.fake.requests().contains { $0.status == 429 })
            #expect(try await fixture.count("SELECT count(*) FROM outbox WHERE attempts > 1") > 0)
        }
    }

    @Test("the per-number cap holds: 30 messages at 10/s never exceed 10 in any second at Meta")
    func perNumberCap() async throws {
        try await WhatsAppFixture.with(
            messagesPerSecond: 10,
            statuses: .init(sent: false, delivered: false, read: false)
        ) { fixture in
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            for number in 1...30 {
                #expect(
                    try await fixture.send(["type": "text", "text": "n\(number)"], conversation: conversation).status
                        == .accepted
                )
            }
            try await fixture.eventually(timeout: .seconds(30)) { fixture.fake.sent().count == 30 }
            #expect(fixture.fake.peakSendsPerSecond(phoneNumberID: WhatsAppFixture.phoneNumberID) <= 10)
            #expect(!fixture.fake.requests().contains { $0.status == 429 })
        }
    }
}
