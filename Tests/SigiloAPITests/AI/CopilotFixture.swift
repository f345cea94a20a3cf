import Foundation
import HTTPTypes
import Logging
import SigiloFakes
import SigiloTesting
import SigiloWhatsApp
import Testing

/// A WhatsApp fixture whose tenant has the AI copilot on, talking to the fake OpenAI server,
/// with a default queue that answers automatically and the admin available in it.
struct CopilotFixture: Sendable {
    let whatsapp: WhatsAppFixture
    let openAI: FakeOpenAI
    let queue: String

    static let apiKey = "sk-test-0123456789abcdef"

    static func with(
        requiresConsent: Bool = true,
        _ body: @escaping @Sendable (CopilotFixture) async throws -> Void
    ) async throws {
        let openAI = try await FakeOpenAI.start(
            .init(apiKey: apiKey),
            logger: Logger(label: "fake-openai", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        do {
            try await WhatsAppFixture.relationship(
                overrides: [
                    "ai.backend": "custom", "ai.baseURL": openAI.baseURL, "ai.model": "gpt-test",
                    "ai.apiKey": apiKey, "ai.fineTuning": "true", "ai.interval": "100ms", "ai.provider": "Fake OpenAI",
                ]
            ) { fixture in
                let queue = try await fixture.createQueue([
                    "name": "Atendimento", "is_default": true, "auto_answer": true,
                    "member_ids": [try fixture.user("admin")],
                ])
                try await fixture.setAgent("admin", available: true, capacity: 10)
                let settings = try await fixture.client.json(
                    .put,
                    "/ai/settings",
                    body: [
                        "enabled": true, "requires_consent": requiresConsent,
                        "business_description": "Loja de bicicletas em São Paulo; abre das 9h às 18h.",
                    ],
                    token: fixture.admin
                )
                guard settings.status == .ok else { throw FixtureError(message: "AI settings: \(settings.status)") }
                try await body(CopilotFixture(whatsapp: fixture, openAI: openAI, queue: queue))
            }
        } catch {
            await openAI.stop()
            throw error
        }
        await openAI.stop()
    }

    /// The customer writes; the contact consents to AI processing (unless `consent` is false);
    /// the conversation is routed to the queue. Returns the conversation's id.
    @discardableResult
    func customerWrites(
        _ text: String,
        from number: String,
        name: String = "Maria Quitéria",
        consent: Bool = true
    )
        async throws -> String
    {
        try await whatsapp.customerWrites(text, from: number, name: name)
        let conversation = try await whatsapp.conversationID()
        let contact = try #require(
            try await whatsapp.query("SELECT contact_id FROM conversations WHERE id = '\(conversation)'").first
        )
        if consent {
            let granted = try await whatsapp.client.json(
                .post,
                "/contacts/\(contact)/consents",
                body: ["purpose": "ai_processing", "status": "granted", "channel": "whatsapp"],
                token: whatsapp.agent
            )
            #expect(granted.status == .created)
        }
        _ = try await whatsapp.withScheduler { try await $0.route() }
        return conversation
    }

    /// A model answer as the automatic answer expects it.
    static func answer(
        _ reply: String,
        handoff: Bool = false,
        confidence: Double = 0.9,
        sentiment: String = "neutral"
    )
        -> FakeOpenAI.ScriptedReply
    {
        let object: [String: Any] = [
            "reply": reply, "handoff": handoff, "confidence": confidence, "sentiment": sentiment,
            "sentiment_score": 0.8,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object)
        return FakeOpenAI.ScriptedReply(String(decoding: data, as: UTF8.self))
    }

    /// Every chat completion the fake received, as text.
    func chatBodies() -> [String] {
        openAI.requests().filter { $0.path.hasSuffix("/chat/completions") }.map(\.bodyText)
    }
}
