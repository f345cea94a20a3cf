package import HTTPTypes
package import Hummingbird
import Logging
import SigiloCore

/// The one error every Sigilo route answers with: `{"error":{"code","message","request_id"}}`.
///
/// Codes are stable snake_case words clients can switch on (docs/errors.md); messages are
/// fixed sentences that may name a field of our schema but never echo a value sent to us.
package struct APIError: HTTPResponseError, Sendable {
    package let status: HTTPResponse.Status
    /// The stable code, such as `malformed_json`.
    package let code: String
    /// A sentence for the developer reading the response.
    package let message: String
    /// Extra headers (`Allow`, `Retry-After`).
    package var headers: HTTPFields

    /// Creates an error; prefer the named constructors in `APIError+Catalogue.swift`.
    package init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        // Read our own id rather than `context.id`, which force-unwraps logger metadata that a
        // log handler is free to drop.
        let requestID =
            (context as? SigiloRequestContext)?.requestID.value
            ?? context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        let body = ErrorEnvelope(error: .init(code: code, message: message, requestID: requestID))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }
}
