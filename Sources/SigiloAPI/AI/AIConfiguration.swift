package import Configuration
import Foundation
package import SigiloAI
import SigiloCore

/// The AI backend of this deployment (tenants turn it on and describe their business; the
/// operator decides where conversations may go).
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `ai.backend` | `AI_BACKEND` | `openai`, `ollama`, `llamacpp`, `vllm` or `custom` | none: AI off | no |
/// | `ai.baseURL` | `AI_BASE_URL` | URL with its version (`…/v1`) | the backend's | no |
/// | `ai.model` | `AI_MODEL` | text | `gpt-4o-mini` (openai) | no |
/// | `ai.apiKey` | `AI_API_KEY` | text | none | yes |
/// | `ai.tokenLimitField` | `AI_TOKEN_LIMIT_FIELD` | `max_tokens` or `max_completion_tokens` | the backend's | no |
/// | `ai.temperature` | `AI_TEMPERATURE` | boolean: whether `temperature` may be sent | the backend's | no |
/// | `ai.jsonMode` | `AI_JSON_MODE` | boolean | the backend's | no |
/// | `ai.fineTuning` | `AI_FINE_TUNING` | boolean | the backend's | no |
/// | `ai.timeout` | `AI_TIMEOUT` | duration 1s…10m | the backend's | no |
/// | `ai.maxRetries` | `AI_MAX_RETRIES` | integer 0…10 | 2 | no |
/// | `ai.provider` | `AI_PROVIDER` | the recipient's name in exports and the audit | the backend's | no |
/// | `ai.international` | `AI_INTERNATIONAL` | boolean: data leaves Brazil (LGPD Art. 33) | true except local servers | no |
/// | `ai.interval` | `AI_INTERVAL` | duration 100ms…1m: how often waiting customers are looked for | 1s | no |
package struct AIConfiguration: Sendable {
    /// Nil: no AI in this deployment.
    package var backend: AIBackend?
    package var provider: String
    package var international: Bool
    package var interval: Duration = .seconds(1)

    package init(backend: AIBackend? = nil, provider: String = "none", international: Bool = false) {
        self.backend = backend
        self.provider = provider
        self.international = international
    }

    /// - Throws: ``ConfigurationError`` for a malformed value.
    package init(reader: ConfigReader) throws {
        self.init()
        guard let kind = reader.string(forKey: "ai.backend") else { return }
        let chosen = try ConfigurationValue.choice(
            kind,
            key: "ai.backend",
            from: ["openai", "ollama", "llamacpp", "vllm", "custom"]
        )
        let model = reader.string(forKey: "ai.model")
        let key = reader.string(forKey: "ai.apiKey", isSecret: true)
        var backend: AIBackend
        switch chosen {
        case "openai":
            guard let key else { throw ConfigurationError(key: "ai.apiKey", expectation: "OpenAI's API key") }
            backend = .openAI(apiKey: key, model: model ?? "gpt-4o-mini")
            provider = "OpenAI"
            international = true
        case "ollama":
            backend = .ollama(model: model ?? "llama3.2")
            provider = "Ollama (local)"
        case "llamacpp":
            backend = .llamaCpp(model: model ?? "local", apiKey: key)
            provider = "llama.cpp (local)"
        case "vllm":
            backend = .vLLM(model: model ?? "local", apiKey: key)
            provider = "vLLM (local)"
        default:
            guard let model else { throw ConfigurationError(key: "ai.model", expectation: "the model to call") }
            backend = AIBackend(baseURL: "", model: model, apiKey: key)
            provider = "OpenAI-compatible server"
            international = true
        }
        if let base = reader.string(forKey: "ai.baseURL") {
            guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil,
                scheme == "https" || ["127.0.0.1", "localhost", "::1"].contains(url.host ?? "")
                    || chosen != "openai"
            else {
                throw ConfigurationError(
                    key: "ai.baseURL",
                    expectation: "an http(s) URL with the API version, such as https://api.openai.com/v1"
                )
            }
            backend.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        guard !backend.baseURL.isEmpty else {
            throw ConfigurationError(key: "ai.baseURL", expectation: "the server's URL with its version (…/v1)")
        }
        if let raw = reader.string(forKey: "ai.tokenLimitField") {
            let field = try ConfigurationValue.choice(
                raw,
                key: "ai.tokenLimitField",
                from: ["max_tokens", "max_completion_tokens"]
            )
            backend.tokenLimitField = field == "max_tokens" ? .maxTokens : .maxCompletionTokens
        }
        if let raw = reader.string(forKey: "ai.temperature") {
            backend.sendsTemperature = try ConfigurationValue.boolean(raw, key: "ai.temperature")
        }
        if let raw = reader.string(forKey: "ai.jsonMode") {
            backend.supportsJSONMode = try ConfigurationValue.boolean(raw, key: "ai.jsonMode")
        }
        if let raw = reader.string(forKey: "ai.fineTuning") {
            backend.supportsFineTuning = try ConfigurationValue.boolean(raw, key: "ai.fineTuning")
        }
        if let raw = reader.string(forKey: "ai.timeout") {
            backend.timeout = try ConfigurationValue.duration(raw, key: "ai.timeout", in: .seconds(1) ... .seconds(600))
        }
        if let raw = reader.string(forKey: "ai.maxRetries") {
            backend.maxRetries = try ConfigurationValue.integer(raw, key: "ai.maxRetries", in: 0...10)
        }
        if let raw = reader.string(forKey: "ai.provider") {
            provider = String(raw.prefix(100))
        }
        if let raw = reader.string(forKey: "ai.international") {
            international = try ConfigurationValue.boolean(raw, key: "ai.international")
        }
        if let raw = reader.string(forKey: "ai.interval") {
            interval = try ConfigurationValue.duration(raw, key: "ai.interval", in: .milliseconds(100) ... .seconds(60))
        }
        self.backend = backend
    }
}
