import Foundation
import SigiloAI
import SigiloFakes
import Testing

/// The chat client against the loopback fake OpenAI, over real HTTP.
@Suite("Chat client against the fake")
struct ChatClientTests {
    @Test("a completion returns the text, finish reason and usage; the fake got our body")
    func success() async throws {
        try await FakeHarness.with { harness in
            harness.fake.scriptReplies([.init("Seu boleto vence amanhã.", finishReason: "length")])
            let completion = try await harness.chat(harness.backend()).complete(
                [.system("Seja breve."), .user("Quando vence?")],
                options: ChatOptions(maxTokens: 50, temperature: 0.2),
                logger: harness.logger
            )
            #expect(completion.text == "Seu boleto vence amanhã.")
            #expect(completion.finishReason == .length)
            #expect((completion.usage?.totalTokens ?? 0) > 0)
            let body = try #require(harness.fake.requests().first).bodyText
            #expect(body.contains(#""max_completion_tokens":50"#))
            #expect(body.contains(#""temperature":0.2"#))
            #expect(!body.contains("max_tokens\""))
        }
    }

    @Test("a reasoning model refuses max_tokens; its preset sends max_completion_tokens and no temperature")
    func reasoningQuirks() async throws {
        try await FakeHarness.with(reasoningModel: true) { harness in
            let options = ChatOptions(maxTokens: 40, temperature: 0.3)
            let ollamaLike = harness.chat(harness.backend(tokenLimitField: .maxTokens))
            await #expect(
                throws: AIError.badRequest(
                    status: 400,
                    provider: .init(code: "unsupported_parameter", type: "invalid_request_error", param: "max_tokens")
                )
            ) {
                try await ollamaLike.complete([.user("oi")], options: options, logger: harness.logger)
            }
            let withTemperature = harness.chat(harness.backend())
            let error = await #expect(throws: AIError.self) {
                try await withTemperature.complete([.user("oi")], options: options, logger: harness.logger)
            }
            #expect(error?.provider?.code == "unsupported_value")
            let reasoning = harness.chat(harness.backend(sendsTemperature: false))
            let completion = try await reasoning.complete([.user("oi")], options: options, logger: harness.logger)
            #expect(completion.text == "Eco: oi")
            #expect(harness.sleeps.all.isEmpty, "a 400 is never retried")
            #expect(harness.fake.requests().count == 3)
        }
    }

    @Test("429 with Retry-After is retried after exactly that wait, through the injected sleep")
    func retryAfter() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 429, count: 2, retryAfter: "3"))
            let completion = try await harness.chat(harness.backend()).complete([.user("oi")], logger: harness.logger)
            #expect(completion.text == "Eco: oi")
            #expect(harness.sleeps.all == [.seconds(3), .seconds(3)])
        }
    }

    @Test("429 with x-ratelimit-reset-requests waits that long; without any hint, jittered backoff")
    func resetHeaderAndBackoff() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 429, resetRequests: "1m30s"))
            harness.fake.failNext(.init(status: 429))
            _ = try await harness.chat(harness.backend()).complete([.user("oi")], logger: harness.logger)
            // 90 s capped at 20 s; then half of 2 × 0.5 s.
            #expect(harness.sleeps.all == [.seconds(20), .milliseconds(500)])
        }
    }

    @Test("5xx is retried then succeeds; after the last retry it is a server error")
    func serverErrors() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 503, count: 2))
            let completion = try await harness.chat(harness.backend()).complete([.user("a")], logger: harness.logger)
            #expect(completion.text == "Eco: a")
            harness.fake.failNext(.init(status: 500, count: 3))
            await #expect(throws: AIError.server(status: 500)) {
                try await harness.chat(harness.backend()).complete([.user("b")], logger: harness.logger)
            }
            #expect(harness.fake.requests().count == 6)
        }
    }

    @Test("429 after every retry is rate_limited; insufficient_quota is not retried")
    func rateLimitedAndQuota() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 429, count: 3, retryAfter: "1"))
            let error = await #expect(throws: AIError.self) {
                try await harness.chat(harness.backend()).complete([.user("a")], logger: harness.logger)
            }
            #expect(error?.code == "ai_rate_limited")
            #expect(error?.retryAfter == .seconds(1))
            harness.fake.failNext(.init(status: 429, code: "insufficient_quota"))
            await #expect(throws: AIError.quotaExceeded) {
                try await harness.chat(harness.backend()).complete([.user("b")], logger: harness.logger)
            }
            #expect(harness.fake.requests().count == 4)
        }
    }

    @Test("a wrong key is unauthorized, not retried, and the key is in no error text")
    func unauthorized() async throws {
        try await FakeHarness.with { harness in
            let client = harness.chat(harness.backend(key: "sk-wrong-key"))
            let error = await #expect(throws: AIError.self) {
                try await client.complete([.user("segredo do cliente")], logger: harness.logger)
            }
            #expect(error == .unauthorized())
            let text = String(describing: error)
            #expect(!text.contains("sk-"))
            #expect(!text.contains("segredo"))
            #expect(harness.fake.requests().count == 1)
            #expect(!harness.backend().description.contains(FakeHarness.key))
        }
    }

    @Test("a malformed 200 body is invalid_response; a slow 200 within the deadline is fine")
    func malformed() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 200, malformedBody: true))
            await #expect(throws: AIError.invalidResponse) {
                try await harness.chat(harness.backend()).complete([.user("a")], logger: harness.logger)
            }
            harness.fake.failNext(.init(status: 200, delay: .milliseconds(200)))
            let slow = try await harness.chat(harness.backend()).complete([.user("b")], logger: harness.logger)
            #expect(slow.text == "Eco: b")
        }
    }

    @Test("a server that never answers in time is a timeout")
    func timeout() async throws {
        try await FakeHarness.with { harness in
            harness.fake.failNext(.init(status: 500, delay: .seconds(3)))
            var backend = harness.backend()
            backend.timeout = .milliseconds(300)
            await #expect(throws: AIError.timeout) {
                try await harness.chat(backend).complete([.user("a")], logger: harness.logger)
            }
        }
    }
}
