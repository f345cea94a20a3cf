import Foundation
package import Logging

extension ChatClient {
    /// Asks for a JSON object and decodes it as `T`.
    ///
    /// JSON mode is requested where the backend has it; OpenAI then requires the word "JSON"
    /// in the messages, so a system instruction saying so is added when none mentions it. The
    /// answer is parsed leniently either way (``StructuredOutput``).
    /// - Parameters:
    ///   - type: The expected shape.
    ///   - messages: The conversation, minimised.
    ///   - options: Length and temperature (JSON mode is set here).
    ///   - logger: The caller's logger.
    /// - Returns: The decoded value and the completion it came from.
    /// - Throws: ``AIError``; ``AIError/invalidResponse`` when no JSON object of that shape came.
    package func completeStructured<T: Decodable>(
        _ type: T.Type,
        messages: [ChatMessage],
        options: ChatOptions = ChatOptions(),
        logger: Logger
    ) async throws(AIError) -> (value: T, completion: ChatCompletion) {
        var options = options
        options.jsonObject = true
        var messages = messages
        if !messages.contains(where: { $0.content.localizedCaseInsensitiveContains("json") }) {
            messages.insert(.system("Answer with one JSON object only."), at: 0)
        }
        let completion = try await complete(messages, options: options, logger: logger)
        return (try StructuredOutput.decodeStructured(T.self, from: completion.text), completion)
    }
}
