package import Hummingbird
import Logging

/// Logs one line per request: method, route template, status and duration.
///
/// Deliberately not logged: the raw path and query (they can hold identifiers or search
/// terms such as a phone number), headers (tokens), bodies and client addresses.
package struct AccessLogMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext

    package init() {}

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        context.logger.info(
            "request completed",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.route": "\(HTTPMetricsMiddleware.routeLabel(context.endpointPath))",
                "http.status": "\(response.status.code)",
                "http.duration_ms": "\(Double(micros) / 1000)",
            ]
        )
        return response
    }
}
