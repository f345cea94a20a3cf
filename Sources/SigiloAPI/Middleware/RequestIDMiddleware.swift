package import HTTPTypes
package import Hummingbird
import Logging
import SigiloCore

/// Gives every request an id: the client's `X-Request-ID` when it is safe to echo, a new
/// random one otherwise. The id goes into the logger, the response header and error bodies.
package struct RequestIDMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext

    package init() {}

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let supplied = request.headers[.xRequestID], let valid = SigiloCore.RequestID(validating: supplied) {
            context.requestID = valid
        }
        context.logger[metadataKey: "hb.request.id"] = .string(context.requestID.value)
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.requestID.value
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-ID`, the de facto header for request correlation.
    package static let xRequestID = HTTPField.Name("X-Request-ID")!
}
