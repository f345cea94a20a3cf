package import Hummingbird

/// Applies `http.maxBodySize`: a declared `Content-Length` above it is refused before any of
/// the body is read; a streamed body is cut at the limit when a route collects it. A few
/// paths have their own limit (Meta's webhook batches reach about 3 MB).
package struct BodyLimitMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext
    private let defaultLimit: Int
    private let pathLimits: [String: Int]

    /// - Parameters:
    ///   - limit: The largest body accepted, in bytes.
    ///   - pathLimits: Other limits for exact paths.
    package init(limit: Int, pathLimits: [String: Int] = [:]) {
        self.defaultLimit = limit
        self.pathLimits = pathLimits
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var path = request.uri.path
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }  // the router ignores it too
        let limit = pathLimits[path] ?? defaultLimit
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var context = context
        context.maxBodySize = limit
        return try await next(request, context)
    }
}
