import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SigiloFakes
import Testing

/// The agent's copilot and the admin's fine-tuning through the API.
@Suite("AI copilot endpoints")
struct CopilotEndpointTests {
    @Test("suggestions: up to three drafts with the customer's name restored, and the sentiment")
    func suggestions() async throws {
        try await CopilotFixture.with { fixture in
            let whatsapp = fixture.whatsapp
            // No automatic answer here: the queue does not answer by itself.
            _ = try await whatsapp.client.json(
                .patch,
                "/queues/\(fixture.queue)",
                body: ["auto_answer": false],
                token: whatsapp.admin
            )
            let conversation = try await fixture.customerWrites(
                "Oi, sou a Maria Quitéria. Tem capacete?",
                from: "5511987654321"
            )
            let drafts: [String: Any] = [
                "suggestions": ["Olá [NOME_1], temos sim!", "Temos vários modelos.", "Posso ajudar?", "Uma quarta"],
                "sentiment": "positive", "sentiment_score": 0.9,
            ]
            fixture.openAI.scriptReplies([
                .init(String(decoding: try JSONSerialization.data(withJSONObject: drafts), as: UTF8.self)),
                .init(#"{"summary": "[NOME_1] quer um capacete."}"#),
            ])
            let reply = try await whatsapp.client.json(
                .post,
                "/conversations/\(conversation)/suggestions",
                token: whatsapp.agent
            )
            #expect(reply.status == .ok)
            let suggestions = try #require(reply.object["suggestions"] as? [String])
            #expect(suggestions.count == 3)
            #expect(
                suggestions.first == "Olá Maria Quitéria, temos sim!" || suggestions.first == "Olá Maria, temos sim!"
            )
            #expect((reply.object["sentiment"] as? [String: Any])?["label"] as? String == "positive")
            #expect(!fixture.chatBodies().joined().contains("Quitéria"))
            let summary = try await whatsapp.client.json(
                .post,
                "/conversations/\(conversation)/summary",
                token: whatsapp.agent
            )
            #expect(summary["summary"]?.contains("Maria") == true)
            #expect(
                try await whatsapp.count(
                    "SELECT count(*) FROM audit_events WHERE action IN ('ai.suggest', 'ai.summary')"
                ) == 2
            )
            #expect(try await whatsapp.count("SELECT count(*) FROM messages WHERE origin = 'ai'") == 0)
            // The provider failing is a 502 with its code, never a 500.
            fixture.openAI.failNext(.init(status: 500, count: 10))
            let failed = try await whatsapp.client.json(
                .post,
                "/conversations/\(conversation)/suggestions",
                token: whatsapp.agent
            )
            #expect(failed.status == .badGateway)
            #expect(failed.errorCode == "ai_unavailable")
        }
    }

    static func csv(_ rows: [String]) -> String {
        (["conversation,customer,reply"] + rows).joined(separator: "\r\n") + "\r\n"
    }

    static let goodRows = (1...12).map { index in
        "c\(index),\"Oi, sou o João Silva, meu CPF é 529.982.247-25. Vocês abrem sábado?\",\"Olá João! Abrimos das 9h às 13h.\""
    }

    func upload(_ fixture: CopilotFixture, _ text: String) async throws -> JSONReply {
        let response = try await fixture.whatsapp.client.execute(
            uri: "/ai/fine-tune",
            method: .post,
            headers: [.contentType: "text/csv; charset=utf-8", .authorization: "Bearer \(fixture.whatsapp.admin)"],
            body: ByteBuffer(string: text)
        )
        return JSONReply(
            status: response.status,
            headers: response.headers,
            body: Data(response.body.readableBytesView)
        )
    }

    @Test("fine-tuning: a broken row is refused naming its line; a good file is minimised, uploaded and tracked")
    func fineTune() async throws {
        try await CopilotFixture.with { fixture in
            var rows = Self.goodRows
            rows[5] = "c6,\"Quero saber o preço\","
            let broken = try await upload(fixture, Self.csv(rows))
            #expect(broken.status == .unprocessableContent)
            #expect(broken.errorCode == "invalid_csv")
            let message = try #require((broken.object["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains("line 7"))
            #expect(fixture.openAI.uploadedFiles().isEmpty)
            let few = try await upload(fixture, Self.csv(Array(Self.goodRows.prefix(3))))
            #expect(few.status == .unprocessableContent)

            let accepted = try await upload(fixture, Self.csv(Self.goodRows))
            #expect(accepted.status == .accepted)
            let id = try #require(accepted["id"])
            let files = fixture.openAI.uploadedFiles()
            #expect(files.count == 1)
            let jsonl = String(decoding: try #require(files.first).content, as: UTF8.self)
            #expect(jsonl.split(separator: "\n").count == 12)
            #expect(!jsonl.contains("João") && !jsonl.contains("529.982.247-25"))
            var job = try await fixture.whatsapp.client.json(
                .get,
                "/ai/fine-tunes/\(id)",
                token: fixture.whatsapp.admin
            )
            for _ in 0..<5 where job["status"] != "succeeded" {
                job = try await fixture.whatsapp.client.json(
                    .get,
                    "/ai/fine-tunes/\(id)",
                    token: fixture.whatsapp.admin
                )
            }
            #expect(job["status"] == "succeeded")
            let model = try #require(job["fine_tuned_model"])
            let chosen = try await fixture.whatsapp.client.json(
                .put,
                "/ai/settings",
                body: ["model": model],
                token: fixture.whatsapp.admin
            )
            #expect(chosen["model"] == model)

            // A backend without fine-tuning answers a clear error.
            fixture.openAI.setFineTuningEnabled(false)
            let unsupported = try await upload(fixture, Self.csv(Self.goodRows))
            #expect(unsupported.status == .conflict)
            #expect(unsupported.errorCode == "fine_tuning_unsupported")
            #expect(try await upload(fixture, "").status.code >= 400)
            let agentTry = try await fixture.whatsapp.client.json(.get, "/ai/fine-tunes", token: fixture.whatsapp.agent)
            #expect(agentTry.status == .forbidden)
        }
    }
}
