extension AIBackend {
    /// OpenAI's API: `max_completion_tokens` (what reasoning models require and the others
    /// accept), JSON mode and fine-tuning.
    /// - Parameters:
    ///   - apiKey: The project's secret key.
    ///   - model: The model, `gpt-4o-mini` by default.
    ///   - reasoning: A reasoning model (o-series, gpt-5): no `temperature` is sent.
    package static func openAI(apiKey: String, model: String = "gpt-4o-mini", reasoning: Bool = false) -> AIBackend {
        AIBackend(
            baseURL: "https://api.openai.com/v1",
            model: model,
            apiKey: apiKey,
            tokenLimitField: .maxCompletionTokens,
            sendsTemperature: !reasoning,
            supportsJSONMode: true,
            supportsFineTuning: true
        )
    }

    /// Ollama's OpenAI-compatible endpoint: `max_tokens` only (ollama/ollama#7125), JSON mode,
    /// no fine-tuning; local models can be slow, hence the longer deadline.
    /// - Parameters:
    ///   - model: A pulled model, e.g. `llama3.2`.
    ///   - baseURL: Where Ollama listens, with `/v1`.
    package static func ollama(model: String, baseURL: String = "http://localhost:11434/v1") -> AIBackend {
        AIBackend(
            baseURL: baseURL,
            model: model,
            tokenLimitField: .maxTokens,
            supportsJSONMode: true,
            supportsFineTuning: false,
            timeout: .seconds(120)
        )
    }

    /// llama.cpp's `llama-server`: `max_tokens`, JSON mode, an optional `--api-key`, no
    /// fine-tuning; the model name is ignored when it serves one model.
    /// - Parameters:
    ///   - model: A label for the served model.
    ///   - apiKey: The server's `--api-key`, if it was started with one.
    ///   - baseURL: Where it listens, with `/v1`.
    package static func llamaCpp(
        model: String = "default",
        apiKey: String? = nil,
        baseURL: String = "http://127.0.0.1:8080/v1"
    ) -> AIBackend {
        AIBackend(
            baseURL: baseURL,
            model: model,
            apiKey: apiKey,
            tokenLimitField: .maxTokens,
            supportsJSONMode: true,
            supportsFineTuning: false,
            timeout: .seconds(120)
        )
    }

    /// vLLM's `vllm serve`: `max_tokens`, JSON mode, an optional `--api-key`, no fine-tuning.
    /// - Parameters:
    ///   - model: The served model's name.
    ///   - apiKey: The server's `--api-key`, if any.
    ///   - baseURL: Where it listens, with `/v1`.
    package static func vLLM(
        model: String,
        apiKey: String? = nil,
        baseURL: String = "http://localhost:8000/v1"
    ) -> AIBackend {
        AIBackend(
            baseURL: baseURL,
            model: model,
            apiKey: apiKey,
            tokenLimitField: .maxTokens,
            supportsJSONMode: true,
            supportsFineTuning: false,
            timeout: .seconds(120)
        )
    }
}
