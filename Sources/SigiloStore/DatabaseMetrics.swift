import Metrics

/// Pool statistics exported at `/metrics`, labelled by pool (`application`, `owner`).
///
/// PostgresNIO does not expose its pool's internals, so these are measured at our side of
/// every lease: how many connections are in use, how long a lease waited, how many failed.
struct DatabaseMetrics: Sendable {
    private let maximum: Gauge
    private let inUse: Meter
    private let wait: Metrics.Timer
    private let failures: Counter

    init(pool: String, maximumConnections: Int, factory: any MetricsFactory) {
        let dimensions = [("pool", pool)]
        self.maximum = Gauge(label: "sigilo_db_pool_max_connections", dimensions: dimensions, factory: factory)
        self.inUse = Meter(label: "sigilo_db_pool_connections_in_use", dimensions: dimensions, factory: factory)
        self.wait = Metrics.Timer(label: "sigilo_db_pool_wait_seconds", dimensions: dimensions, factory: factory)
        self.failures = Counter(label: "sigilo_db_pool_failures_total", dimensions: dimensions, factory: factory)
        maximum.record(maximumConnections)
    }

    func leaseAcquired(after waited: Duration) {
        wait.recordNanoseconds(waited.nanoseconds)
        inUse.increment()
    }

    func leaseReleased() {
        inUse.decrement()
    }

    func recordFailure() {
        failures.increment()
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
