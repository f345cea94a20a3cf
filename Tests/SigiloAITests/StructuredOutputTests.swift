import SigiloAI
import SigiloFakes
import Testing

/// Lenient JSON reading of model answers, alone and through the client and fake.
@Suite("Structured output")
struct StructuredOutputTests {
    struct Intent: Decodable, Equatable {
        var intent: String
        var confidence: Double
    }

    @Test("JSON in prose and a code fence is found; braces inside strings do not confuse it")
    func fallback() throws {
        let text = """
            Claro! Aqui está a classificação {nota: isto não é JSON}:
            ```json
            {"intent": "segunda via {boleto}", "confidence": 0.92}
            ```
            Qualquer dúvida, estou à disposição.
            """
        #expect(
            try StructuredOutput.decodeStructured(Intent.self, from: text)
                == Intent(intent: "segunda via {boleto}", confidence: 0.92)
        )
        #expect(throws: AIError.invalidResponse) {
            try StructuredOutput.decodeStructured(Intent.self, from: "sem json {")
        }
    }

    @Test("completeStructured asks for JSON mode (with the word JSON) and decodes the answer")
    func jsonMode() async throws {
        try await FakeHarness.with { harness in
            harness.fake.scriptReplies([.init(#"Resultado: {"intent":"boleto","confidence":1}"#)])
            let client = harness.chat(harness.backend())
            let (value, _) = try await client.completeStructured(
                Intent.self,
                messages: [.user("Quero a segunda via")],
                logger: harness.logger
            )
            #expect(value == Intent(intent: "boleto", confidence: 1))
            let body = try #require(harness.fake.requests().first).bodyText
            #expect(body.contains(#""response_format":{"type":"json_object"}"#))
        }
    }
}
