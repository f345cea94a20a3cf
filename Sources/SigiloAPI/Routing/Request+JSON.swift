import Foundation
package import Hummingbird

extension Request {
    /// Decodes the body as JSON into `type`, mapping every failure to a 4xx ``APIError``.
    ///
    /// - 415 `unsupported_media_type` unless `Content-Type` is `application/json` (or `+json`);
    /// - 413 `payload_too_large` past `http.maxBodySize`;
    /// - 400 `empty_body`, `malformed_json`;
    /// - 422 `missing_field`, `invalid_field`, `unknown_field` naming the field's path.
    package func decodeJSON<Value: Decodable>(as type: Value.Type, context: SigiloRequestContext) async throws -> Value
    {
        guard Self.isJSON(headers[.contentType]) else { throw APIError.unsupportedMediaType }
        let buffer = try await body.collect(upTo: context.maxBodySize)
        guard buffer.readableBytes > 0 else { throw APIError.emptyBody }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // Foundation reports a number that does not fit its field (1.5 for an Int) as
            // "not valid JSON" with no path; only a body that really fails to parse is malformed.
            let wellFormed = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
            throw wellFormed ? APIError.invalidValue : APIError.malformedJSON
        } catch let error as DecodingError {
            throw APIError(decoding: error)
        } catch let error as UnknownFieldError {
            throw APIError.unknownField(error.path)
        }
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or `application/*+json`,
    /// with any parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType =
            contentType.split(separator: ";", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}

extension APIError {
    /// Maps Foundation's decoding errors to field-level errors; the value is never quoted.
    init(decoding error: DecodingError) {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = .malformedJSON
        case .dataCorrupted(let context):
            self = .invalidField(FieldPath.render(context.codingPath), expected: "a valid value")
        case .keyNotFound(let key, let context):
            self = .missingField(FieldPath.render(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            self = .invalidField(FieldPath.render(context.codingPath), expected: "present and not null")
        case .typeMismatch(let expected, let context):
            self = .invalidField(FieldPath.render(context.codingPath), expected: FieldPath.describe(expected))
        @unknown default:
            self = .malformedJSON
        }
    }
}
