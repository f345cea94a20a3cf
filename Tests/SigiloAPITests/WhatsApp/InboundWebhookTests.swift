import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SigiloFakes
import Testing

/// Meta's webhook into Sigilo: the handshake, the signature over the raw bytes, storage
/// before the 200, and processing exactly once however Meta repeats and reorders.
@Suite("WhatsApp inbound webhooks")
struct InboundWebhookTests {
    static func signature(_ body: Data, secret: String = WhatsAppFixture.appSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ body: Data, signature: String?, on client: any TestClientProtocol) async throws -> JSONReply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
        let response = try await client.execute(
            uri: "/webhooks/whatsapp",
            method: .post,
            headers: headers,
            body: ByteBuffer(bytes: body)
        )
        return JSONReply(
            status: response.status,
            headers: response.headers,
            body: Data(response.body.readableBytesView)
        )
    }

    @Test("the handshake echoes the challenge for a configured verify token and refuses anything else")
    func handshake() async throws {
        try await WhatsAppFixture.with { fixture in
            let ok = try await fixture.client.execute(
                uri:
                    "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=\(WhatsAppFixture.verifyToken)",
                method: .get
            )
            #expect(ok.status == .ok)
            #expect(String(buffer: ok.body) == "1158201444")
            #expect(ok.headers[.contentType]?.hasPrefix("text/plain") == true)
            for query in [
                "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong-token-0123456789",
                "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=\(WhatsAppFixture.verifyToken)",
                "hub.mode=subscribe&hub.verify_token=\(WhatsAppFixture.verifyToken)",
            ] {
                let refused = try await fixture.client.execute(uri: "/webhooks/whatsapp?\(query)", method: .get)
                #expect(refused.status == .forbidden)
            }
        }
    }

    @Test("signatures: a wrong secret, one altered byte, no header or another body's signature store nothing")
    func signatureRejection() async throws {
        try await WhatsAppFixture.with { fixture in
            let text = "Olá! Vocês têm açaí? 🦐 Preço/unidade"
            let (body, ids) = try fixture.fake.inboundBatch([
                [[.init(from: WhatsAppFixture.customer, profileName: "João Ção", content: .text(text))]]
            ])
            // Meta's escaping: the accents, emoji and slash travel as \u and \/ escapes.
            #expect(!String(decoding: body, as: UTF8.self).contains("á"))
            var altered = body
            let index = try #require(altered.firstIndex(of: UInt8(ascii: "O")))
            altered[index] = UInt8(ascii: "o")
            let (other, _) = try fixture.fake.inboundBatch([[[.init(from: "551199990000", content: .text("x"))]]])
            let refused: [(Data, String?)] = [
                (body, Self.signature(body, secret: "another-app-secret-0123456789")),
                (altered, Self.signature(body)),
                (body, nil),
                (body, Self.signature(other)),
                (body, "sha256=zz"),
            ]
            for (payload, signature) in refused {
                let reply = try await Self.post(payload, signature: signature, on: fixture.client)
                #expect(reply.status == .unauthorized)
                #expect(reply.errorCode == "invalid_signature")
            }
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 0)
            // The same bytes, rightly signed, are taken, and the text comes back exactly.
            let accepted = try await Self.post(body, signature: Self.signature(body), on: fixture.client)
            #expect(accepted.status == .ok)
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 1)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM messages WHERE wamid = '\(ids[0])'") == 1
            }
            let conversation = try await fixture.conversationID()
            let read = try await fixture.client.json(.get, "/conversations/\(conversation)", token: fixture.agent)
            let messages = read.object["messages"] as? [[String: Any]] ?? []
            #expect(messages.first?["content"] as? String == text)
            #expect(messages.first?["direction"] as? String == "RECEIVED")
            #expect(read["state"] == "OPEN")
        }
    }

    @Test("a batch of 3 entries × 3 messages delivered 3 times, reordered, is stored exactly once")
    func batchExactlyOnce() async throws {
        try await WhatsAppFixture.with { fixture in
            let senders = ["551187650001", "5521987650002", "551187650003"]
            var entries: [[[FakeGraphAPI.SimulatedInbound]]] = []
            for (index, sender) in senders.enumerated() {
                entries.append([
                    (1...3).map { number in
                        .init(
                            from: sender,
                            profileName: "Cliente \(index)",
                            content: .text("mensagem \(number) de \(index) — ação"),
                            messageID: "wamid.batch.\(index).\(number)"
                        )
                    }
                ])
            }
            let (forward, ids) = try fixture.fake.inboundBatch(entries)
            let (backward, _) = try fixture.fake.inboundBatch(entries.reversed().map { $0.map { $0.reversed() } })
            #expect(ids.count == 9)
            async let first = fixture.fake.deliverWebhook(body: forward, secret: WhatsAppFixture.appSecret)
            async let second = fixture.fake.deliverWebhook(body: backward, secret: WhatsAppFixture.appSecret)
            async let third = fixture.fake.deliverWebhook(body: forward, secret: WhatsAppFixture.appSecret)
            #expect(try await [first, second, third] == [200, 200, 200])
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 3)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL") == 0
            }
            #expect(try await fixture.count("SELECT count(*) FROM messages") == 9)
            #expect(try await fixture.count("SELECT count(DISTINCT wamid) FROM messages") == 9)
            #expect(try await fixture.count("SELECT count(*) FROM contacts") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM conversations") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM audit_events WHERE action = 'message.receive'") == 9)
            // A fourth delivery, much later, changes nothing.
            #expect(try await fixture.fake.deliverWebhook(body: backward, secret: WhatsAppFixture.appSecret) == 200)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL") == 0
            }
            #expect(try await fixture.count("SELECT count(*) FROM messages") == 9)
            // Processed bodies are deleted once past their retention; the messages stay.
            _ = try await fixture.query(
                "UPDATE webhook_events SET processed_at = now() - interval '8 days' WHERE id IN "
                    + "(SELECT id FROM webhook_events ORDER BY received_at LIMIT 3) RETURNING id"
            )
            #expect(try await fixture.query("SELECT sigilo_webhook_purge(interval '7 days')::text") == ["3"])
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM messages") == 9)
        }
    }

    @Test("one batch mixing a known customer (both Brazilian forms) and a new one who says STOP twice")
    func mixedBatch() async throws {
        try await WhatsAppFixture.with { fixture in
            let known = try await fixture.client.createContact(
                ["name": "Maria", "phones": [["number": "+55 11 98765-4321"]], "whatsapp_id": "5511987654321"],
                token: fixture.agent
            )
            func message(_ from: String, _ text: String, _ id: String) -> FakeGraphAPI.SimulatedInbound {
                .init(from: from, profileName: "Cliente", content: .text(text), messageID: "wamid.mixed.\(id)")
            }
            let (body, _) = try fixture.fake.inboundBatch([
                [[message("551187654321", "oi", "1"), message("551187654321", "tudo bem?", "2")]],
                [[message("5521987650002", "STOP", "3"), message("5521987650002", "SAIR", "4")]],
                [[message("5511987654321", "de novo", "5")]],
            ])
            #expect(try await fixture.fake.deliverWebhook(body: body, secret: WhatsAppFixture.appSecret) == 200)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL") == 0
            }
            #expect(try await fixture.count("SELECT count(*) FROM messages") == 5)
            #expect(try await fixture.count("SELECT count(*) FROM contacts") == 2)
            #expect(try await fixture.count("SELECT count(*) FROM conversations") == 2)
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                        + "WHERE c.contact_id = '\(known)'"
                ) == 3
            )
            func audited(_ action: String) async throws -> Int {
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action = '\(action)' AND actor_id = 'whatsapp-webhook'"
                )
            }
            #expect(try await audited("contact.create") == 1)
            #expect(try await audited("conversation.open") == 2)
            #expect(try await audited("message.receive") == 5)
            #expect(try await audited("contact.opt_out") == 1)
            #expect(
                try await fixture.query("SELECT opt_in FROM contacts WHERE id <> '\(known)' ORDER BY id")
                    == ["opted_out"]
            )
            #expect(try await fixture.query("SELECT opt_in FROM contacts WHERE id = '\(known)'") == ["unknown"])
        }
    }

    @Test("the ninth digit: a reply from the 12-digit id finds the contact saved with the 13-digit number")
    func ninthDigit() async throws {
        try await WhatsAppFixture.with { fixture in
            let created = try await fixture.client.createContact(
                ["name": "Maria", "phones": [["number": "+55 11 98765-4321"]], "whatsapp_id": "5511987654321"],
                token: fixture.agent
            )
            try await fixture.customerWrites("oi", from: "551187654321")
            #expect(try await fixture.count("SELECT count(*) FROM contacts") == 1)
            let contact = try await fixture.contactID()
            #expect(contact.lowercased() == created.lowercased())
        }
    }

    @Test("a username user with no phone is keyed on the business-scoped user id")
    func usernameUsers() async throws {
        try await WhatsAppFixture.with { fixture in
            for text in ["primeira", "segunda"] {
                let (_, status) = try await fixture.fake.deliverInbound(
                    .init(
                        from: "",
                        profileName: "Ana",
                        content: .text(text),
                        userID: "BR.1234567890123",
                        omitPhone: true
                    )
                )
                #expect(status == 200)
            }
            try await fixture.eventually { try await fixture.count("SELECT count(*) FROM messages") == 2 }
            #expect(try await fixture.count("SELECT count(*) FROM contacts") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM whatsapp_user_ids") == 1)
        }
    }

    @Test("media arrives as a reference and is downloaded (two calls, Bearer) into sealed storage")
    func mediaDownload() async throws {
        try await WhatsAppFixture.with { fixture in
            let bytes = Data("%PDF-1.4 boleto de teste".utf8)
            let media = fixture.fake.addMedia(bytes, mimeType: "image/jpeg")
            let (_, status) = try await fixture.fake.deliverInbound(
                .init(from: WhatsAppFixture.customer, content: .image(mediaID: media, caption: "comprovante"))
            )
            #expect(status == 200)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM messages WHERE media_sealed IS NOT NULL") == 1
            }
            let conversation = try await fixture.conversationID()
            let message = try await fixture.query("SELECT id FROM messages").first ?? ""
            let download = try await fixture.client.execute(
                uri: "/conversations/\(conversation)/messages/\(message)/media",
                method: .get,
                headers: [.authorization: "Bearer \(fixture.agent)"]
            )
            #expect(download.status == .ok)
            #expect(Data(download.body.readableBytesView) == bytes)
            #expect(download.headers[.contentType] == "image/jpeg")
        }
    }
}
