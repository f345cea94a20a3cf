import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// Sending: the rules checked before anything is queued, the outbox, receipts, and what each
/// of Meta's error codes does.
@Suite("WhatsApp outbound")
struct OutboundTests {
    @Test("a reply is queued (202), sent once, and receipts out of order and repeated never move it back")
    func receiptsNeverRegress() async throws {
        try await WhatsAppFixture.with(
            statuses: .init(sent: true, delivered: true, read: true, duplicates: 2, shuffled: true)
        ) { fixture in
            try await fixture.customerWrites("Tem horário amanhã?")
            let conversation = try await fixture.conversationID()
            let reply = try await fixture.send(
                ["type": "text", "text": "Temos sim, às 10h 🙂"],
                conversation: conversation
            )
            #expect(reply.status == .accepted)
            let id = try #require(reply["id"])
            #expect(reply["status"] == "queued")
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "read" }
            await fixture.fake.waitForWebhooks()
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM webhook_events WHERE processed_at IS NULL") == 0
            }
            #expect(try await fixture.status(ofMessage: id) == "read")
            let sent = fixture.fake.sent()
            #expect(sent.count == 1)
            #expect(sent.first?.waID == WhatsAppFixture.customer)
            let body = try #require(
                sent.first.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
            )
            #expect(body["biz_opaque_callback_data"] as? String == id)
            #expect((body["text"] as? [String: Any])?["body"] as? String == "Temos sim, às 10h 🙂")
        }
    }

    @Test("a failed receipt keeps Meta's code and title, and a later 'delivered' does not undo it")
    func failedKeepsCode() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            fixture.fake.failNext(
                .init(
                    code: 131049,
                    title: "This message was not delivered to maintain healthy ecosystem engagement.",
                    async: true
                )
            )
            let reply = try await fixture.send(
                ["type": "text", "text": "promo"],
                conversation: try await fixture.conversationID()
            )
            let id = try #require(reply["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "failed" }
            #expect(try await fixture.query("SELECT error_code::text FROM messages WHERE id = '\(id)'") == ["131049"])
            let read = try await fixture.client.json(
                .get,
                "/conversations/\(try await fixture.conversationID())",
                token: fixture.agent
            )
            let message = (read.object["messages"] as? [[String: Any]])?.last
            let error = message?["error"] as? [String: Any]
            #expect(error?["graph_code"] as? Int == 131049)
            #expect(error?["code"] as? String == "ecosystem_withheld")
            #expect((error?["title"] as? String)?.hasPrefix("This message was not delivered") == true)
        }
    }

    @Test("STOP, SAIR or PARAR opts the contact out: nothing more is queued (409 opted_out)")
    func stopOptsOut() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("Sair.")
            let contact = try await fixture.contactID()
            #expect(try await fixture.query("SELECT opt_in FROM contacts WHERE id = '\(contact)'") == ["opted_out"])
            let conversation = try await fixture.conversationID()
            let refused = try await fixture.send(["type": "text", "text": "Volte sempre!"], conversation: conversation)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "opted_out")
            let direct = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/messages",
                body: ["type": "text", "text": "Oi"],
                token: fixture.agent
            )
            #expect(direct.errorCode == "opted_out")
            #expect(try await fixture.count("SELECT count(*) FROM outbox") == 0)
            #expect(fixture.fake.sent().isEmpty)
        }
    }

    @Test("the 24-hour window: free text outside it is 409 window_closed; an approved template goes")
    func window() async throws {
        try await WhatsAppFixture.with { fixture in
            fixture.fake.addTemplate(
                wabaID: WhatsAppFixture.wabaID,
                name: "lembrete_pagamento",
                bodyText: "Olá {{1}}, seu boleto vence em {{2}}."
            )
            let template = try await fixture.client.json(
                .post,
                "/templates",
                body: [
                    "name": "lembrete_pagamento", "language": "pt_BR", "category": "utility", "status": "approved",
                    "body": ["text": "Olá {{1}}, seu boleto vence em {{2}}.", "examples": ["Maria", "10/05"]],
                ],
                token: fixture.admin
            )
            #expect(template.status == .created)
            let contact = try await fixture.client.createContact(
                ["name": "Maria", "phones": [["number": "+55 11 98765-4321"]], "opt_in": "opted_in"],
                token: fixture.agent
            )
            let text = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/messages",
                body: ["type": "text", "text": "Oi"],
                token: fixture.agent
            )
            #expect(text.status == .conflict)
            #expect(text.errorCode == "window_closed")
            let sent = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/messages",
                body: [
                    "type": "template", "name": "lembrete_pagamento", "language": "pt_BR",
                    "parameters": ["body": [["type": "text", "text": "Maria"], ["type": "text", "text": "10/05"]]],
                ],
                token: fixture.agent
            )
            #expect(sent.status == .accepted)
            let id = try #require(sent["id"])
            try await fixture.eventually { try await fixture.status(ofMessage: id) == "delivered" }
            // After the customer writes, free text goes; 25 hours later it no longer does.
            try await fixture.customerWrites("Recebi, obrigada", from: "5511987654321")
            let conversation = try await fixture.conversationID()
            #expect(
                try await fixture.send(["type": "text", "text": "De nada!"], conversation: conversation).status
                    == .accepted
            )
            _ = try await fixture.query(
                "UPDATE conversations SET last_inbound_at = now() - interval '25 hours' RETURNING id"
            )
            let late = try await fixture.send(
                ["type": "text", "text": "Mais alguma coisa?"],
                conversation: conversation
            )
            #expect(late.errorCode == "window_closed")
        }
    }

    @Test("bad send bodies are 4xx and queue nothing")
    func badBodies() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            let conversation = try await fixture.conversationID()
            let cases: [([String: Any], String)] = [
                (["type": "text"], "missing_field"),
                (["type": "text", "text": ""], "invalid_field"),
                (["type": "text", "text": String(repeating: "a", count: 4097)], "invalid_field"),
                (["type": "fax", "text": "x"], "invalid_field"),
                (["type": "image", "media": ["id": "1", "link": "https://example.com/a.png"]], "invalid_field"),
                (["type": "image", "media": ["link": "http://example.com/a.png"]], "invalid_field"),
                (["type": "text", "text": "x", "extra": true], "unknown_field"),
                (["type": "template", "name": "nao_existe", "language": "pt_BR"], "invalid_field"),
            ]
            for (body, code) in cases {
                let reply = try await fixture.send(body, conversation: conversation)
                #expect(reply.status.code / 100 == 4, "\(body)")
                #expect(reply.errorCode == code, "\(body)")
            }
            let missing = try await fixture.send(["type": "text", "text": "x"], conversation: UUID().uuidString)
            #expect(missing.status == .notFound)
            #expect(try await fixture.count("SELECT count(*) FROM outbox") == 0)
        }
    }

    @Test("closing a conversation stops replies in it; the customer's next message opens a new one")
    func closeAndReopen() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("oi")
            let first = try await fixture.conversationID()
            let closed = try await fixture.client.json(.post, "/conversations/\(first)/close", token: fixture.agent)
            #expect(closed["state"] == "CLOSED")
            #expect(
                try await fixture.send(["type": "text", "text": "x"], conversation: first).errorCode
                    == "conversation_closed"
            )
            try await fixture.customerWrites("voltei")
            let second = try await fixture.conversationID()
            #expect(second != first)
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE conversation_id = '\(first)'") == 1)
            let reopen = try await fixture.client.json(.post, "/conversations/\(first)/reopen", token: fixture.agent)
            #expect(reopen.errorCode == "conversation_open_elsewhere")
            let list = try await fixture.client.json(.get, "/conversations?status=closed", token: fixture.agent)
            #expect((list.object["conversations"] as? [[String: Any]])?.count == 1)
        }
    }
}
