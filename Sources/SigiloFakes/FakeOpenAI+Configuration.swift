extension FakeOpenAI {
    /// How a fake OpenAI-compatible API behaves.
    package struct Configuration: Sendable {
        /// The one Bearer key accepted; nil accepts any or none (a local server).
        package var apiKey: String?
        /// Behave like a reasoning model: 400 `unsupported_parameter` for `max_tokens`, 400
        /// `unsupported_value` for a `temperature` other than 1.
        package var reasoningModel: Bool
        /// Whether `/v1/files` and `/v1/fine_tuning/jobs` exist (else 404, as at Ollama).
        package var fineTuning: Bool
        /// Polls of a job (`GET`) before it moves on: validating_files → running → succeeded.
        package var pollsPerStatus: Int
        /// Listening address; port 0 picks a free one.
        package var host: String
        package var port: Int

        /// Creates a configuration.
        package init(
            apiKey: String? = nil,
            reasoningModel: Bool = false,
            fineTuning: Bool = true,
            pollsPerStatus: Int = 1,
            host: String = "127.0.0.1",
            port: Int = 0
        ) {
            self.apiKey = apiKey
            self.reasoningModel = reasoningModel
            self.fineTuning = fineTuning
            self.pollsPerStatus = max(1, pollsPerStatus)
            self.host = host
            self.port = port
        }
    }

    /// A scripted answer of the chat completions endpoint.
    package struct ScriptedReply: Sendable, Equatable {
        /// The assistant's text.
        package var content: String
        /// `finish_reason` (`stop`, `length`, `content_filter`).
        package var finishReason: String

        /// Creates a reply.
        package init(_ content: String, finishReason: String = "stop") {
            self.content = content
            self.finishReason = finishReason
        }
    }

    /// A failure injected into the next API calls (not the `/_fake/` ones).
    package struct Failure: Sendable, Equatable {
        /// The HTTP status (429, 500, 503 …); 200 with ``malformedBody`` for a broken answer,
        /// or 200 with ``delay`` for a slow but normal one.
        package var status: Int
        /// How many calls fail this way.
        package var count: Int
        /// The `Retry-After` header, if any (`"2"`, or an HTTP date).
        package var retryAfter: String?
        /// The `x-ratelimit-reset-requests` header, if any (`"12ms"`, `"1m30s"`).
        package var resetRequests: String?
        /// The error envelope's `code` (`rate_limit_exceeded`, `insufficient_quota`, `server_error`).
        package var code: String?
        /// Answer 200 with a body that is not JSON.
        package var malformedBody: Bool
        /// Wait this long before answering.
        package var delay: Duration?

        /// Creates a failure.
        package init(
            status: Int,
            count: Int = 1,
            retryAfter: String? = nil,
            resetRequests: String? = nil,
            code: String? = nil,
            malformedBody: Bool = false,
            delay: Duration? = nil
        ) {
            self.status = status
            self.count = count
            self.retryAfter = retryAfter
            self.resetRequests = resetRequests
            self.code = code
            self.malformedBody = malformedBody
            self.delay = delay
        }
    }

    /// A request the fake received, body included (tests look for personal data in it).
    package struct RecordedRequest: Sendable {
        package var method: String
        package var path: String
        package var status: Int
        /// The raw body (for uploads, the whole multipart form).
        package var body: [UInt8]

        /// The body as text.
        package var bodyText: String { String(decoding: body, as: UTF8.self) }
    }
}
