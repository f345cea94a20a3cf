import SigiloAI
import SigiloFakes
import Testing

/// The whole path: minimise, send to the fake, restore the answer. The fake's recorded
/// bodies are the proof that no personal data left.
@Suite("Privacy end to end")
struct PrivacyEndToEndTests {
    static let personal = [
        "Maria", "Quitéria", "98765-4321", "98765", "maria.jesus@example.com.br", "529.982.247-25", "Flores",
        "01310-100", "4111 1111 1111 1111",
    ]

    @Test("no personal value reaches the provider, and the answer comes back with them")
    func noPersonalDataLeaves() async throws {
        try await FakeHarness.with { harness in
            var minimiser = PIIMinimiser(
                known: KnownPersonalData(names: ["Maria Quitéria"], phones: ["11987654321"])
            )
            let conversation: [ChatMessage] = [
                .system("Você é um assistente de atendimento."),
                .user("Oi, sou a maria quiteria, tel (11) 98765-4321, e-mail maria.jesus@example.com.br"),
                .assistant("Olá Maria! Como posso ajudar?"),
                .user("CPF 529.982.247-25, entregar na Rua das Flores, 12, CEP 01310-100, cartão 4111 1111 1111 1111"),
            ]
            let minimised = minimiser.minimise(ConversationWindow.last(conversation, count: 10))
            let completion = try await harness.chat(harness.backend()).complete(minimised, logger: harness.logger)
            for request in harness.fake.requests() {
                for value in Self.personal {
                    #expect(!request.bodyText.contains(value), "\(value) reached the provider")
                }
            }
            #expect(
                minimiser.restore(completion.text)
                    == "Eco: CPF 529.982.247-25, entregar na Rua das Flores, 12, CEP 01310-100, cartão 4111 1111 1111 1111"
            )
        }
    }

    @Test("a CSV's fine-tuning upload carries no personal data")
    func uploadIsMinimised() async throws {
        try await FakeHarness.with { harness in
            let rows = (1...10).map { "\"Meu e-mail é cliente\($0)@example.com, CPF 529.982.247-25\",Obrigado!" }
            let dataset = try FineTuningCSV.convert(Array((["customer,reply"] + rows).joined(separator: "\n").utf8))
            let client = harness.fineTuning(harness.backend())
            _ = try await client.uploadTrainingFile(dataset.jsonl, logger: harness.logger)
            let body = try #require(harness.fake.requests().first).bodyText
            #expect(body.contains("[EMAIL_1]"))
            #expect(!body.contains("@example.com"))
            #expect(!body.contains("529.982.247-25"))
        }
    }
}
