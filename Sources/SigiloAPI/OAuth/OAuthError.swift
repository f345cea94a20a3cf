import Foundation
package import HTTPTypes
package import Hummingbird
import SigiloCore

/// An error of the token and introspection endpoints in RFC 6749 §5.2 form:
/// `{"error": "...", "error_description": "...", "request_id": "..."}`.
///
/// OAuth2 client libraries parse this shape, not Sigilo's usual envelope, so these two
/// endpoints use it; the extra `request_id` member is allowed by the RFC.
package struct OAuthError: HTTPResponseError, Sendable {
    package let status: HTTPResponse.Status
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`,
    /// `unsupported_grant_type` or `invalid_scope`.
    package let code: String
    package let description: String
    package var headers: HTTPFields = [:]

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID = (context as? SigiloRequestContext)?.requestID.value ?? ""
        var headers = self.headers
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        return try JSONResponse.make(
            Body(error: code, errorDescription: description, requestID: requestID),
            status: status,
            headers: headers
        )
    }

    private struct Body: Encodable {
        var error: String
        var errorDescription: String
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
            case requestID = "request_id"
        }
    }

    static func invalidRequest(_ description: String) -> OAuthError {
        OAuthError(status: .badRequest, code: "invalid_request", description: description)
    }

    /// Client authentication failed. With HTTP Basic the answer is 401 and a challenge (§5.2).
    static func invalidClient(basic: Bool) -> OAuthError {
        OAuthError(
            status: .unauthorized,
            code: "invalid_client",
            description: "Client authentication failed.",
            headers: basic ? [.wwwAuthenticate: "Basic realm=\"sigilo\""] : [:]
        )
    }

    static let unsupportedGrantType = OAuthError(
        status: .badRequest,
        code: "unsupported_grant_type",
        description: "Only grant_type=client_credentials is supported here."
    )

    static let invalidScope = OAuthError(
        status: .badRequest,
        code: "invalid_scope",
        description: "The requested scope is unknown or exceeds the scopes registered for this client."
    )
}
