/// How one completion is asked for: length limit, sampling and output format.
package struct ChatOptions: Sendable, Equatable {
    /// The most tokens the answer may use; sent in the backend's ``AIBackend/tokenLimitField``.
    package var maxTokens: Int?
    /// Sampling temperature; dropped for backends that reject it (``AIBackend/sendsTemperature``).
    package var temperature: Double?
    /// Ask for a JSON object (`response_format: {"type":"json_object"}`) when the backend
    /// supports it; the answer is parsed leniently either way (``StructuredOutput``).
    package var jsonObject: Bool

    /// Creates options.
    /// - Parameters:
    ///   - maxTokens: The answer's token limit, if any.
    ///   - temperature: The sampling temperature, if any.
    ///   - jsonObject: Whether to request JSON mode.
    package init(maxTokens: Int? = nil, temperature: Double? = nil, jsonObject: Bool = false) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.jsonObject = jsonObject
    }
}
