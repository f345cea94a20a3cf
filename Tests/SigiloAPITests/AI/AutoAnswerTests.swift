import Foundation
import HTTPTypes
import SigiloFakes
import SigiloWhatsApp
import Testing

/// The automatic answer end to end (real PostgreSQL, the fake Graph API and the fake OpenAI):
/// personal data never reaches the model yet the customer's answer names them; hand-off on
/// each trigger, and silence afterwards; a failing backend never holds up a message.
@Suite("AI automatic answer")
struct AutoAnswerTests {
    @Test("the name, phone, e-mail and CPF never reach the model; the answer sent carries the name back")
    func minimised() async throws {
        try await CopilotFixture.with { fixture in
            fixture.openAI.addRule(
                whenLastUserMessageContains: "horário",
                reply: CopilotFixture.answer("Olá, [NOME_1]! Abrimos das 9h às 18h.")
            )
            let conversation = try await fixture.customerWrites(
                "Oi, aqui é a Maria Quitéria, CPF 529.982.247-25, e-mail maria.quiteria@example.com, "
                    + "fone (11) 98765-4321. Qual o horário de vocês?",
                from: "5511987654321"
            )
            let whatsapp = fixture.whatsapp
            try await whatsapp.eventually {
                try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 1
            }
            let bodies = fixture.chatBodies()
            #expect(bodies.count == 1)
            for secret in [
                "Maria", "Quitéria", "Quit\\u00e9ria", "529.982.247-25", "52998224725", "maria.quiteria@example.com",
                "98765-4321", "987654321", "5511987654321",
            ] {
                #expect(!bodies.joined().contains(secret), "\(secret) reached the model")
            }
            #expect(bodies.joined().contains("[NOME_1]"))
            try await whatsapp.eventually { whatsapp.fake.sent().count == 1 }
            let sent = String(decoding: try #require(whatsapp.fake.sent().first).body, as: UTF8.self)
            #expect(sent.contains("Olá, Maria"))
            #expect(!sent.contains("[NOME_1]"))
            // Audited before it left, without content; the wait is answered (a reply time).
            let details = try await whatsapp.query(
                "SELECT details::text FROM audit_events WHERE action = 'ai.send' AND resource_id = lower('\(conversation)')"
            )
            #expect(details.count == 1)
            #expect(details.first?.contains("\"provider\"") == true && details.first?.contains("Maria") == false)
            #expect(
                try await whatsapp.count("SELECT count(*) FROM reply_times WHERE conversation_id = '\(conversation)'")
                    == 1
            )
            #expect(try await whatsapp.query("SELECT label FROM message_sentiments") == ["neutral"])
            let officer = try await whatsapp.client.accessToken("compliance")
            let contact = try #require(
                try await whatsapp.query("SELECT contact_id FROM conversations WHERE id = '\(conversation)'").first
            )
            let request = try await whatsapp.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            let exported = try await whatsapp.client.json(
                .get,
                "/dsr/\(try #require(request["id"]))/export",
                token: officer
            )
            let names = (exported.object["recipients"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names?.contains("Fake OpenAI") == true)
            #expect(!String(decoding: exported.body, as: UTF8.self).isEmpty)
            let metrics = try await whatsapp.client.json(.get, "/metrics/overview", token: whatsapp.admin)
            #expect((metrics.object["sentiments"] as? [String: Int]) == ["positive": 0, "neutral": 1, "negative": 0])
        }
    }

    @Test("hand-off when the customer asks for a person, is negative, or the model is unsure; then silence")
    func handOff() async throws {
        try await CopilotFixture.with { fixture in
            let whatsapp = fixture.whatsapp
            fixture.openAI.addRule(
                whenLastUserMessageContains: "absurdo",
                reply: CopilotFixture.answer("Sinto muito.", sentiment: "negative")
            )
            fixture.openAI.addRule(
                whenLastUserMessageContains: "garantia",
                reply: CopilotFixture.answer("Talvez.", confidence: 0.2)
            )
            fixture.openAI.addRule(
                whenLastUserMessageContains: "reembolso",
                reply: CopilotFixture.answer("", handoff: true)
            )
            let cases = [
                ("Quero falar com um atendente, por favor", "5511900000001", "customer_asked"),
                ("Isso é um absurdo, o pedido não chegou!", "5511900000002", "negative_sentiment"),
                ("A bicicleta tem garantia de quantos anos?", "5511900000003", "model_unsure"),
                ("Quero reembolso", "5511900000004", "model_asked"),
            ]
            for (text, number, reason) in cases {
                let conversation = try await fixture.customerWrites(text, from: number, name: "Cliente")
                try await whatsapp.eventually {
                    try await whatsapp.query("SELECT hand_off_reason FROM conversations WHERE id = '\(conversation)'")
                        == [reason]
                }
                #expect(
                    try await whatsapp.query("SELECT hand_off_reason FROM conversations WHERE id = '\(conversation)'")
                        == [reason]
                )
                let ticket = try await whatsapp.client.json(.get, "/tickets/\(conversation)", token: whatsapp.agent)
                #expect(ticket["assignee_id"] == (try whatsapp.user("admin")))
                #expect((ticket.object["history"] as? [[String: Any]])?.last?["kind"] as? String == "hand_off")
            }
            // The person asking for a human never reached the model; nobody got an AI answer.
            #expect(fixture.chatBodies().count == 3)
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 0)
            // After the hand-off, automatic answers stop for that conversation.
            fixture.openAI.addRule(whenLastUserMessageContains: "ainda", reply: CopilotFixture.answer("Claro!"))
            try await whatsapp.customerWrites("Ainda estou esperando", from: "5511900000002", name: "Cliente")
            try await Task.sleep(for: .milliseconds(600))
            #expect(fixture.chatBodies().count == 3)
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 0)
            #expect(try await whatsapp.count("SELECT count(*) FROM audit_events WHERE action = 'ticket.hand_off'") == 4)
        }
    }

    @Test("a failing backend never holds up a message: stored, ticket queued, no answer; 429 is waited out")
    func failures() async throws {
        try await CopilotFixture.with { fixture in
            let whatsapp = fixture.whatsapp
            fixture.openAI.failNext(.init(status: 500, count: 100))
            let first = try await fixture.customerWrites("Vocês entregam?", from: "5511900000010", name: "Ana")
            try await whatsapp.eventually {
                try await whatsapp.count("SELECT count(*) FROM audit_events WHERE action = 'ai.error'") == 1
            }
            #expect(
                try await whatsapp.query("SELECT queue_id::text FROM conversations WHERE id = '\(first)'") == [
                    fixture.queue
                ]
            )
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE conversation_id = '\(first)'") == 1)
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 0)
            // The customer writes again: stored at once whatever the model does.
            try await whatsapp.customerWrites("Alô?", from: "5511900000010", name: "Ana")
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE conversation_id = '\(first)'") == 2)

            // Rate-limited once with Retry-After: the client waits and the answer goes.
            fixture.openAI.reset()
            fixture.openAI.failNext(.init(status: 429, count: 1, retryAfter: "1"))
            fixture.openAI.addRule(
                whenLastUserMessageContains: "preço",
                reply: CopilotFixture.answer("Veja nosso catálogo.")
            )
            let started = ContinuousClock.now
            try await fixture.customerWrites("Qual o preço da revisão?", from: "5511900000011", name: "Bia")
            try await whatsapp.eventually {
                try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 1
            }
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(
                fixture.openAI.requests().filter { $0.path.hasSuffix("/chat/completions") }.map(\.status) == [429, 200]
            )
        }
    }

    @Test("without the contact's ai_processing consent nothing is sent to the model")
    func consent() async throws {
        try await CopilotFixture.with { fixture in
            let conversation = try await fixture.customerWrites("Oi!", from: "5511900000020", consent: false)
            try await Task.sleep(for: .milliseconds(500))
            #expect(fixture.chatBodies().isEmpty)
            let suggestions = try await fixture.whatsapp.client.json(
                .post,
                "/conversations/\(conversation)/suggestions",
                token: fixture.whatsapp.agent
            )
            #expect(suggestions.status == .conflict)
            #expect(suggestions.errorCode == "consent_required")
            // Asking for a person needs no consent: handed off, still nothing sent.
            let asking = try await fixture.customerWrites(
                "Quero falar com um atendente",
                from: "5511900000021",
                consent: false
            )
            try await fixture.whatsapp.eventually {
                try await fixture.whatsapp.query("SELECT hand_off_reason FROM conversations WHERE id = '\(asking)'")
                    == ["customer_asked"]
            }
            #expect(fixture.chatBodies().isEmpty)
            // The export lists the AI provider only for subjects whose data went to it.
            let officer = try await fixture.whatsapp.client.accessToken("compliance")
            let contact = try #require(
                try await fixture.whatsapp.query("SELECT contact_id FROM conversations WHERE id = '\(conversation)'")
                    .first
            )
            let request = try await fixture.whatsapp.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            let exported = try await fixture.whatsapp.client.json(
                .get,
                "/dsr/\(try #require(request["id"]))/export",
                token: officer
            )
            let names = (exported.object["recipients"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names?.contains("Fake OpenAI") == false)
            #expect(names?.contains { $0.hasPrefix("Meta") } == true)
        }
    }
}
