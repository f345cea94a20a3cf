import Foundation

/// Reads a model's answer as a `Decodable` value, leniently.
///
/// The whole answer is tried first; then every balanced JSON object found in it
/// (``JSONObjectScanner``), so prose and code fences around the JSON do not matter.
package enum StructuredOutput {
    /// Decodes `T` from a model's answer.
    /// - Parameters:
    ///   - type: The expected shape.
    ///   - text: The answer.
    /// - Returns: The first reading of the answer that decodes as `T`.
    /// - Throws: ``AIError/invalidResponse`` when none does (the text is not in the error).
    package static func decodeStructured<T: Decodable>(_ type: T.Type, from text: String) throws(AIError) -> T {
        let decoder = JSONDecoder()
        if let value = try? decoder.decode(T.self, from: Data(text.utf8)) { return value }
        for candidate in JSONObjectScanner.objects(in: text) {
            if let value = try? decoder.decode(T.self, from: Data(candidate.utf8)) { return value }
        }
        throw .invalidResponse
    }
}
