import Foundation

/// The JSON body of every error response.
struct ErrorEnvelope: Codable, Equatable, Sendable {
    struct Body: Codable, Equatable, Sendable {
        var code: String
        var message: String
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case requestID = "request_id"
        }
    }

    var error: Body

    /// The body as compact JSON with sorted keys (stable for clients and tests).
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three strings cannot fail; an empty object is still valid JSON if it did.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}
