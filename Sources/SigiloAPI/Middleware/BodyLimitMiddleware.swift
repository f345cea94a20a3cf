package import Hummingbird

/// Applies `http.maxBodySize`: a declared `Content-Length` above it is refused before any of
/// the body is read; a streamed body is cut at the limit when a route collects it.
package struct BodyLimitMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext
    private let limit: Int

    /// - Parameter limit: The largest body accepted, in bytes.
    package init(limit: Int) {
        self.limit = limit
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var context = context
        context.maxBodySize = limit
        return try await next(request, context)
    }
}
