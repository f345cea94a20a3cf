import Foundation
import Synchronization

extension FakeOpenAI {
    /// `POST /v1/chat/completions`: validates as OpenAI does, then answers deterministically.
    func chatCompletion(_ body: Data) -> OpenAIReply {
        guard let json = try? MetaJSON.parse(body), case .object = json else {
            return .error(status: 400, message: "We could not parse the JSON body of your request.")
        }
        guard let model = json["model"]?.string, !model.isEmpty else {
            return .error(status: 400, message: "you must provide a model parameter", param: "model")
        }
        guard let messages = json["messages"]?.array, !messages.isEmpty else {
            return .error(
                status: 400,
                message: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
                param: "messages",
                code: "empty_array"
            )
        }
        var texts: [(role: String, content: String)] = []
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.string, Self.roles.contains(role) else {
                return .error(
                    status: 400,
                    message: "Invalid value for 'messages[\(index)].role'.",
                    param: "messages[\(index)].role",
                    code: "invalid_value"
                )
            }
            guard let content = message["content"]?.string else {
                return .error(
                    status: 400,
                    message: "Invalid type for 'messages[\(index)].content': expected a string.",
                    param: "messages[\(index)].content",
                    code: "invalid_type"
                )
            }
            texts.append((role, content))
        }
        if let refusal = reasoningRefusal(json) { return refusal }
        let jsonMode = json["response_format"]?["type"]?.string == "json_object"
        if jsonMode, !texts.contains(where: { $0.content.lowercased().contains("json") }) {
            return .error(
                status: 400,
                message:
                    "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                param: "messages"
            )
        }
        let reply = answer(to: texts, jsonMode: jsonMode)
        let serial = state.withLock { $0.nextSerial() }
        let promptTokens = texts.reduce(0) { $0 + $1.content.utf8.count / 4 + 1 }
        let completionTokens = reply.content.utf8.count / 4 + 1
        return .json([
            "id": .string("chatcmpl-fake\(serial)"), "object": "chat.completion", "created": 1_717_000_000,
            "model": .string(model),
            "choices": [
                [
                    "index": 0, "message": ["role": "assistant", "content": .string(reply.content), "refusal": .null],
                    "finish_reason": .string(reply.finishReason),
                ]
            ],
            "usage": [
                "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
                "total_tokens": .int(promptTokens + completionTokens),
            ],
        ])
    }

    private static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    /// A reasoning model's 400s: `max_tokens`, and a `temperature` other than 1.
    private func reasoningRefusal(_ json: MetaJSON) -> OpenAIReply? {
        guard configuration.reasoningModel else { return nil }
        if json["max_tokens"] != nil {
            return .error(
                status: 400,
                message: "Unsupported parameter: 'max_tokens' is not supported with this model. "
                    + "Use 'max_completion_tokens' instead.",
                param: "max_tokens",
                code: "unsupported_parameter"
            )
        }
        if let temperature = json["temperature"]?.double, temperature != 1 {
            return .error(
                status: 400,
                message: "Unsupported value: 'temperature' does not support \(temperature) with this model. "
                    + "Only the default (1) value is supported.",
                param: "temperature",
                code: "unsupported_value"
            )
        }
        return nil
    }

    /// Rules first (the last user message contains their text), then the FIFO queue, then
    /// the default: an echo of the last user message (a JSON object in JSON mode).
    private func answer(to messages: [(role: String, content: String)], jsonMode: Bool) -> ScriptedReply {
        let lastUser = messages.last { $0.role == "user" }?.content ?? ""
        let scripted = state.withLock { state -> ScriptedReply? in
            if let rule = state.rules.first(where: { lastUser.contains($0.contains) }) { return rule.reply }
            return state.replies.isEmpty ? nil : state.replies.removeFirst()
        }
        if let scripted { return scripted }
        if jsonMode {
            let echo: MetaJSON = ["reply": .string("Eco: " + lastUser), "messages": .int(messages.count)]
            return ScriptedReply(String(decoding: echo.bytes, as: UTF8.self))
        }
        return ScriptedReply("Eco: " + lastUser)
    }
}
