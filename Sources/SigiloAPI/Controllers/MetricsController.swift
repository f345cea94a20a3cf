import Hummingbird
package import Prometheus

/// `/metrics` in the Prometheus text exposition format.
///
/// Operational data only (counts, latencies, pool statistics): no label carries an identifier.
/// Like the whole API it listens on loopback by default; expose it to the scraper only.
package struct MetricsController: Sendable {
    private let registry: PrometheusCollectorRegistry

    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get("/metrics") { [registry] _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}
