/// The model's answer: text, why it stopped, and what it cost.
package struct ChatCompletion: Sendable, Equatable {
    /// Why generation stopped.
    package enum FinishReason: Sendable, Equatable {
        /// A natural end.
        case stop
        /// The token limit: the text is truncated (JSON in it may be invalid).
        case length
        /// The provider's content filter cut it.
        case contentFilter
        /// The model asked for a tool.
        case toolCalls
        /// Anything else, or absent.
        case other(String?)

        /// Maps the wire value.
        init(wire: String?) {
            switch wire {
            case "stop": self = .stop
            case "length": self = .length
            case "content_filter": self = .contentFilter
            case "tool_calls", "function_call": self = .toolCalls
            default: self = .other(wire)
            }
        }
    }

    /// Tokens counted by the provider (zero when it reports none).
    package struct Usage: Sendable, Equatable {
        package var promptTokens: Int
        package var completionTokens: Int
        package var totalTokens: Int

        /// Creates a usage record.
        package init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = totalTokens
        }
    }

    /// The assistant's text (empty when it answered none, e.g. a refusal).
    package var text: String
    /// Why it stopped.
    package var finishReason: FinishReason
    /// Token usage, when reported.
    package var usage: Usage?
    /// The model that answered, as the provider names it.
    package var model: String?

    /// Creates a completion.
    package init(text: String, finishReason: FinishReason, usage: Usage?, model: String?) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}
