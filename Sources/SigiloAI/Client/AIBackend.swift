/// Where an OpenAI-compatible chat API lives and what it accepts.
///
/// OpenAI, Ollama, llama.cpp's `llama-server` and vLLM speak the same wire format with
/// different quirks (reference §9): reasoning models reject `max_tokens` and any non-default
/// `temperature`, Ollama accepts only `max_tokens`, and none of the local servers has
/// `/files` or `/fine_tuning/jobs`. The quirks are data here, so one client serves them all.
///
/// Security: ``apiKey`` is only ever written into the `Authorization` header; ``description``
/// redacts it, so interpolating a backend into a log line cannot leak it.
package struct AIBackend: Sendable, Equatable, CustomStringConvertible {
    /// The JSON field that limits the answer's length.
    package enum TokenLimitField: String, Sendable, Equatable {
        /// `max_tokens`: deprecated by OpenAI, the only one Ollama accepts.
        case maxTokens = "max_tokens"
        /// `max_completion_tokens`: required by OpenAI's reasoning models.
        case maxCompletionTokens = "max_completion_tokens"
    }

    /// The API root including its version, e.g. `https://api.openai.com/v1` or
    /// `http://localhost:11434/v1`; paths such as `/chat/completions` follow it.
    package var baseURL: String
    /// The model name sent with every call (ignored by llama.cpp when it serves one model).
    package var model: String
    /// The Bearer key; nil sends no `Authorization` header (local servers).
    package var apiKey: String?
    /// Which token-limit field to send.
    package var tokenLimitField: TokenLimitField
    /// Whether `temperature` may be sent; reasoning models answer 400 to a non-default one.
    package var sendsTemperature: Bool
    /// Whether `response_format: {"type":"json_object"}` is understood.
    package var supportsJSONMode: Bool
    /// Whether `/files` and `/fine_tuning/jobs` exist.
    package var supportsFineTuning: Bool
    /// How long one attempt may take, answer body included.
    package var timeout: Duration
    /// Retries after the first attempt, for answers and failures that may be retried.
    package var maxRetries: Int

    /// Creates a backend description.
    /// - Parameters:
    ///   - baseURL: The API root with its version (a trailing `/` is dropped).
    ///   - model: The model name.
    ///   - apiKey: The Bearer key, if the server wants one.
    ///   - tokenLimitField: `max_tokens` or `max_completion_tokens`.
    ///   - sendsTemperature: Whether `temperature` may be sent.
    ///   - supportsJSONMode: Whether JSON mode may be requested.
    ///   - supportsFineTuning: Whether fine-tuning endpoints exist.
    ///   - timeout: The deadline of one attempt.
    ///   - maxRetries: Retries after the first attempt (official SDKs use 2).
    package init(
        baseURL: String,
        model: String,
        apiKey: String? = nil,
        tokenLimitField: TokenLimitField = .maxCompletionTokens,
        sendsTemperature: Bool = true,
        supportsJSONMode: Bool = true,
        supportsFineTuning: Bool = false,
        timeout: Duration = .seconds(60),
        maxRetries: Int = 2
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.model = model
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.tokenLimitField = tokenLimitField
        self.sendsTemperature = sendsTemperature
        self.supportsJSONMode = supportsJSONMode
        self.supportsFineTuning = supportsFineTuning
        self.timeout = timeout
        self.maxRetries = max(0, maxRetries)
    }

    /// The backend with its key redacted.
    package var description: String {
        "AIBackend(baseURL: \(baseURL), model: \(model), apiKey: \(apiKey == nil ? "none" : "<redacted>"))"
    }
}
