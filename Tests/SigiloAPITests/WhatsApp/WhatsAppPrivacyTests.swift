import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// What WhatsApp traffic leaves behind: no customer number, name or text, and no channel
/// secret, in the logs or in a `pg_dump`; and no tenant reaching another's conversations.
@Suite("WhatsApp privacy and isolation")
struct WhatsAppPrivacyTests {
    static let customer = "5571991234567"
    static let name = "Quitéria Bahiana"
    static let text = "Meu CPF é 123.456.789-09, endereço Rua das Flores 42"
    static let reply = "Recebemos seu pedido, Quitéria"

    @Test("logs and a pg_dump after inbound, outbound and media hold no number, name, text or secret")
    func nothingLeaks() async throws {
        let capture = LogCapture()
        try await WhatsAppFixture.with(logger: capture.logger) { fixture in
            let media = fixture.fake.addMedia(Data("segredo do documento".utf8), mimeType: "image/png")
            _ = try await fixture.fake.deliverInbound(
                .init(from: Self.customer, profileName: Self.name, content: .text(Self.text))
            )
            _ = try await fixture.fake.deliverInbound(
                .init(from: Self.customer, profileName: Self.name, content: .image(mediaID: media, caption: "frente"))
            )
            try await fixture.eventually { try await fixture.count("SELECT count(*) FROM messages") == 2 }
            let conversation = try await fixture.conversationID()
            let sent = try await fixture.send(["type": "text", "text": Self.reply], conversation: conversation)
            let id = try #require(sent["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "delivered" }
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM messages WHERE media_sealed IS NOT NULL") == 1
            }
            _ = try await fixture.client.json(.get, "/conversations/\(conversation)", token: fixture.agent)
            let forbidden = [
                Self.customer, "71991234567", Self.name, "Quitéria", "123.456.789-09", "Rua das Flores", Self.reply,
                WhatsAppFixture.accessToken, WhatsAppFixture.appSecret, WhatsAppFixture.verifyToken,
                "segredo do documento",
            ]
            let logs = capture.text
            #expect(!capture.entries.isEmpty)
            for value in forbidden { #expect(!logs.contains(value), "the logs contain '\(value)'") }
            let dump = try DumpPrivacyTests.pgDump(fixture.identity.database).lowercased()
            #expect(dump.contains("copy public.messages"), "the dump is not a dump")
            for value in forbidden {
                #expect(!dump.contains(value.lowercased()), "the dump contains '\(value)'")
                let hex = Data(value.utf8).map { String(format: "%02x", $0) }.joined()
                #expect(!dump.contains(hex), "the dump contains '\(value)' as hex")
            }
        }
    }

    @Test("another tenant sees none of the conversations, messages or channels (404), and cannot send")
    func tenantIsolation() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            let globex = try await fixture.client.accessToken("globexAdmin", tenant: "globex")
            #expect(
                try await fixture.client.json(.get, "/conversations/\(conversation)", token: globex).status == .notFound
            )
            let list = try await fixture.client.json(.get, "/conversations", token: globex)
            #expect((list.object["conversations"] as? [[String: Any]])?.isEmpty == true)
            let send = try await fixture.client.json(
                .post,
                "/conversations/\(conversation)/messages",
                body: ["type": "text", "text": "x"],
                token: globex
            )
            #expect(send.status == .notFound)
            let channel = try await fixture.client.json(.get, "/whatsapp/channels/\(fixture.channelID)", token: globex)
            #expect(channel.status == .notFound)
            // The same phone-number id cannot be registered by another tenant.
            let stolen = try await fixture.client.json(
                .post,
                "/whatsapp/channels",
                body: [
                    "phone_number_id": WhatsAppFixture.phoneNumberID, "waba_id": "1", "display_number": "15550000000",
                    "access_token": "another-token-0123456789", "app_secret": "another-secret-0123456789",
                    "verify_token": "another-verify-0123456789",
                ],
                token: globex
            )
            #expect(stolen.status == .conflict)
        }
    }

    @Test("a contact with WhatsApp conversations is not merged away (409), but may absorb another")
    func mergeWithConversations() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            let whatsapp = try await fixture.contactID()
            let crm = try await fixture.client.createContact(["name": "Maria (CRM)"], token: fixture.agent)
            let refused = try await fixture.client.json(
                .post,
                "/contacts/\(crm)/merge",
                body: ["from": whatsapp],
                token: fixture.agent
            )
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "contact_has_conversations")
            let merged = try await fixture.client.json(
                .post,
                "/contacts/\(whatsapp)/merge",
                body: ["from": crm],
                token: fixture.agent
            )
            #expect(merged.status == .ok)
        }
    }

    @Test("channels: secrets are never returned; bad fields are 422; only settings:manage may change them")
    func channelAPI() async throws {
        try await WhatsAppFixture.with { fixture in
            let read = try await fixture.client.json(.get, "/whatsapp/channels", token: fixture.admin)
            let text = String(decoding: read.body, as: UTF8.self)
            for secret in [WhatsAppFixture.accessToken, WhatsAppFixture.appSecret, WhatsAppFixture.verifyToken] {
                #expect(!text.contains(secret))
            }
            #expect(
                try await fixture.client.json(.get, "/whatsapp/channels", token: fixture.agent).status == .forbidden
            )
            let cases: [[String: Any]] = [
                ["waba_id": "abc"], ["graph_base_url": "http://graph.example.com/v24.0"],
                ["graph_base_url": "https://metadata.internal/v24.0"], ["access_token": "short"],
                ["messages_per_second": 0], ["status": "token_expired"], ["phone_number_id": "123"], ["colour": "red"],
            ]
            for body in cases {
                let reply = try await fixture.client.json(
                    .patch,
                    "/whatsapp/channels/\(fixture.channelID)",
                    body: body,
                    token: fixture.admin
                )
                #expect(reply.status == .unprocessableContent, "\(body)")
            }
            let disabled = try await fixture.client.json(
                .patch,
                "/whatsapp/channels/\(fixture.channelID)",
                body: ["status": "disabled"],
                token: fixture.admin
            )
            #expect(disabled["status"] == "disabled")
            // A disabled number's webhooks are refused like unknown ones.
            let (_, status) = try await fixture.fake.deliverInbound(.init(from: WhatsAppFixture.customer))
            #expect(status == 401)
        }
    }
}
