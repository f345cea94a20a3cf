package import AsyncHTTPClient
import Foundation
package import Logging
import NIOHTTP1

/// A hand-written client of an OpenAI-compatible chat completions API (reference §9).
///
/// One injected `HTTPClient` serves every call, each with the caller's `Logger` and the
/// backend's deadline. Requests follow the backend's quirks (``AIBackend``); 429, 5xx and
/// connection failures are retried through ``RetryPolicy``. Prompts and answers are never
/// logged nor put into errors; minimise them first (``PIIMinimiser``).
package struct ChatClient: Sendable {
    /// The backend this client talks to.
    package let backend: AIBackend
    let transport: AITransport

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: The shared HTTP client; its lifecycle belongs to the caller.
    ///   - backend: Where to send requests and which quirks to follow.
    ///   - retry: Waits between retries (injectable for tests).
    package init(httpClient: HTTPClient, backend: AIBackend, retry: RetryPolicy = RetryPolicy()) {
        self.backend = backend
        self.transport = AITransport(httpClient: httpClient, backend: backend, retry: retry)
    }

    /// Asks for the assistant's next message (`POST {base}/chat/completions`).
    /// - Parameters:
    ///   - messages: The conversation so far, minimised; at least one.
    ///   - options: Length, temperature and JSON mode.
    ///   - logger: The caller's logger.
    /// - Returns: The assistant's text, why it stopped and the token usage.
    /// - Throws: ``AIError``.
    package func complete(
        _ messages: [ChatMessage],
        options: ChatOptions = ChatOptions(),
        logger: Logger
    ) async throws(AIError) -> ChatCompletion {
        guard !messages.isEmpty else { throw .badRequest(status: 400, provider: .init(param: "messages")) }
        let request = ChatRequest(backend: backend, messages: messages, options: options)
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw .badRequest(status: 400, provider: .init(param: "messages"))
        }
        let answer = try await transport.send(
            .POST,
            path: "/chat/completions",
            body: Array(body),
            operation: "chat",
            idempotency: .safe,
            logger: logger
        )
        let wire = try answer.decode(ChatResponse.self)
        guard let choice = wire.choices.first else { throw .invalidResponse }
        let usage = wire.usage.map {
            ChatCompletion.Usage(
                promptTokens: $0.promptTokens ?? 0,
                completionTokens: $0.completionTokens ?? 0,
                totalTokens: $0.totalTokens ?? (($0.promptTokens ?? 0) + ($0.completionTokens ?? 0))
            )
        }
        return ChatCompletion(
            text: choice.message?.content ?? "",
            finishReason: ChatCompletion.FinishReason(wire: choice.finishReason),
            usage: usage,
            model: wire.model
        )
    }
}
