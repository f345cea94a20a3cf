/// An answer of the fake OpenAI: status, headers, content type and body bytes.
struct OpenAIReply: Sendable {
    var status: Int
    var contentType: String
    var headers: [(String, String)] = []
    var body: [UInt8]

    /// A JSON answer.
    static func json(_ value: MetaJSON, status: Int = 200) -> OpenAIReply {
        OpenAIReply(status: status, contentType: "application/json", body: value.bytes)
    }

    /// OpenAI's error envelope: `{"error":{"message","type","param","code"}}`.
    static func error(
        status: Int,
        message: String,
        type: String = "invalid_request_error",
        param: String? = nil,
        code: String? = nil
    ) -> OpenAIReply {
        let error: MetaJSON = [
            "message": .string(message), "type": .string(type), "param": param.map(MetaJSON.string) ?? .null,
            "code": code.map(MetaJSON.string) ?? .null,
        ]
        return json(["error": error], status: status)
    }

    /// 401 for a missing or wrong key (the key itself is never echoed).
    static let invalidKey = error(
        status: 401,
        message:
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        code: "invalid_api_key"
    )

    /// A plain-text answer (unknown route at a server without the endpoint).
    static func text(_ text: String, status: Int) -> OpenAIReply {
        OpenAIReply(status: status, contentType: "text/plain", body: Array(text.utf8))
    }
}
