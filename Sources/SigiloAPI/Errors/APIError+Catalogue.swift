package import HTTPTypes

/// The error vocabulary; docs/errors.md lists each code with its status.
extension APIError {
    package static let malformedJSON = APIError(
        .badRequest,
        code: "malformed_json",
        message: "The request body is not valid JSON."
    )
    /// Well-formed JSON whose numbers do not fit their fields; Foundation does not say which.
    package static let invalidValue = APIError(
        .unprocessableContent,
        code: "invalid_field",
        message: "A number in the body is out of range or not an integer where one is required."
    )
    package static let emptyBody = APIError(
        .badRequest,
        code: "empty_body",
        message: "The request body is empty; a JSON object is required."
    )
    package static let unsupportedMediaType = APIError(
        .unsupportedMediaType,
        code: "unsupported_media_type",
        message: "Send the body as Content-Type: application/json."
    )
    package static let routeNotFound = APIError(
        .notFound,
        code: "route_not_found",
        message: "No endpoint has this path."
    )
    package static let `internal` = APIError(
        .internalServerError,
        code: "internal",
        message: "An unexpected error occurred; it has been logged."
    )

    /// The body is larger than `http.maxBodySize`.
    package static func payloadTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: "The request body exceeds \(limit) bytes.")
    }

    /// The path exists, with other methods.
    package static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = list
        return APIError(
            .methodNotAllowed,
            code: "method_not_allowed",
            message: "This path accepts only: \(list).",
            headers: headers
        )
    }

    /// A field of the body has the wrong type or an unusable value.
    package static func invalidField(_ path: String, expected: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_field", message: "Field '\(path)' must be \(expected).")
    }

    /// A required field of the body is absent.
    package static func missingField(_ path: String) -> APIError {
        APIError(.unprocessableContent, code: "missing_field", message: "Field '\(path)' is required.")
    }

    /// The body has a field this endpoint does not know (a typo would otherwise be ignored).
    package static func unknownField(_ path: String) -> APIError {
        APIError(.unprocessableContent, code: "unknown_field", message: "Field '\(path)' is not accepted here.")
    }

    /// A client error Hummingbird raised that has no more specific code.
    package static func generic(_ status: HTTPResponse.Status) -> APIError {
        let code = String(status.reasonPhrase.lowercased().map { $0 == " " ? "_" : $0 })
            .filter { $0.isLetter || $0 == "_" }
        return APIError(status, code: code.isEmpty ? "http_\(status.code)" : code, message: status.reasonPhrase + ".")
    }

    /// The service cannot serve now (`/readyz`).
    package static func notReady(code: String, message: String) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = "5"
        return APIError(.serviceUnavailable, code: code, message: message, headers: headers)
    }
}
