/// The body of `POST /chat/completions`, shaped by the backend's quirks: the token limit in
/// the field it accepts, `temperature` only where allowed, `response_format` only where
/// JSON mode exists.
struct ChatRequest: Encodable {
    var model: String
    var messages: [Message]
    var tokenLimit: (field: AIBackend.TokenLimitField, value: Int)?
    var temperature: Double?
    var jsonObject: Bool

    struct Message: Encodable {
        var role: String
        var content: String
    }

    init(backend: AIBackend, messages: [ChatMessage], options: ChatOptions) {
        model = backend.model
        self.messages = messages.map { Message(role: $0.role.rawValue, content: $0.content) }
        tokenLimit = options.maxTokens.map { (backend.tokenLimitField, $0) }
        temperature = backend.sendsTemperature ? options.temperature : nil
        jsonObject = options.jsonObject && backend.supportsJSONMode
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct ResponseFormat: Encodable {
        var type = "json_object"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: Key("model"))
        try container.encode(messages, forKey: Key("messages"))
        if let tokenLimit { try container.encode(tokenLimit.value, forKey: Key(tokenLimit.field.rawValue)) }
        if let temperature { try container.encode(temperature, forKey: Key("temperature")) }
        if jsonObject { try container.encode(ResponseFormat(), forKey: Key("response_format")) }
    }
}

/// `{"id","model","choices":[{"message":{"role","content"},"finish_reason"}],"usage":{…}}`.
struct ChatResponse: Decodable {
    var model: String?
    var choices: [Choice]
    var usage: Usage?

    struct Choice: Decodable {
        var message: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct Message: Decodable {
        var content: String?
    }

    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }
}
