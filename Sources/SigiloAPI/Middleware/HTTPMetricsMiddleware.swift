package import Hummingbird
package import Metrics

/// Counts requests and times them by route template, method and status.
///
/// The route label is the registered template (`/contacts/{id}`), never the raw path, so
/// identifiers never become label values and the series count stays bounded.
package struct HTTPMetricsMiddleware: RouterMiddleware {
    package typealias Context = SigiloRequestContext
    private let factory: any MetricsFactory

    /// - Parameter factory: Where metrics are recorded (the server's Prometheus registry).
    package init(factory: any MetricsFactory) {
        self.factory = factory
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let inFlight = Meter(label: "sigilo_http_requests_in_flight", dimensions: [], factory: factory)
        inFlight.increment()
        defer { inFlight.decrement() }
        let response = try await next(request, context)
        let route = Self.routeLabel(context.endpointPath)
        let method = request.method.rawValue
        Counter(
            label: "sigilo_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(response.status.code))],
            factory: factory
        ).increment()
        let elapsed = ContinuousClock.now - started
        Metrics.Timer(
            label: "sigilo_http_request_duration_seconds",
            dimensions: [("method", method), ("route", route)],
            factory: factory
        ).recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }

    /// The route template, or `unmatched` for requests no route served.
    static func routeLabel(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath != "NotFound" else { return "unmatched" }
        return endpointPath
    }
}
