package import Logging
package import Metrics
import PostgresNIO
import ServiceLifecycle

/// A pool of connections to PostgreSQL as one role, run as a `Service` in the server's group.
///
/// Everything in SigiloStore reaches PostgreSQL through ``withConnection(_:)`` so that pool
/// statistics (leases, wait time, failures) are measured in one place. PostgresNIO types stay
/// internal to this module (`InternalImportsByDefault`).
package final class Database: Service, Sendable {
    /// Where this pool connects, with the password redacted when printed.
    package let url: DatabaseURL
    let client: PostgresClient
    private let metrics: DatabaseMetrics

    /// Creates a pool; nothing connects until ``run()`` runs and a query needs a connection.
    /// - Parameters:
    ///   - url: Server, role and database.
    ///   - maximumConnections: The pool's ceiling.
    ///   - minimumConnections: Connections kept open while idle (0: opened on demand).
    ///   - connectTimeout: How long one connection attempt may take.
    ///   - pool: A label for the metrics (`application` or `owner`).
    ///   - metricsFactory: Where pool statistics are recorded (Prometheus in the server).
    ///   - logger: The background logger for connection events.
    package init(
        url: DatabaseURL,
        maximumConnections: Int,
        minimumConnections: Int = 0,
        connectTimeout: Duration,
        pool: String,
        metricsFactory: any MetricsFactory,
        logger: Logger
    ) {
        self.url = url
        var configuration = Self.clientConfiguration(for: url)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = minimumConnections
        configuration.options.connectTimeout = connectTimeout
        // PostgresNIO logs connection failures at info with its full debug description
        // (role and database names); keep only its warnings and errors.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.metrics = DatabaseMetrics(pool: pool, maximumConnections: maximumConnections, factory: metricsFactory)
    }

    /// Runs the pool until the task is cancelled or graceful shutdown is triggered.
    ///
    /// In a ServiceGroup the server shuts down first (services stop in reverse order), so
    /// in-flight requests finish with their connections before the pool closes.
    package func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.client.run()
        }
    }

    /// Leases a connection for `body`, recording wait time and the number of leases held.
    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let requested = ContinuousClock.now
        do {
            return try await client.withConnection { connection in
                metrics.leaseAcquired(after: ContinuousClock.now - requested)
                defer { metrics.leaseReleased() }
                return try await body(connection)
            }
        } catch {
            metrics.recordFailure()
            throw error
        }
    }

    static func clientConfiguration(for url: DatabaseURL) -> PostgresClient.Configuration {
        switch url.endpoint {
        case .unixSocket(let path):
            return .init(unixSocketPath: path, username: url.username, password: url.password, database: url.database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS
            switch url.tls {
            case .disable:
                tls = .disable
            case .prefer:
                var insecure = TLSConfiguration.makeClientConfiguration()
                insecure.certificateVerification = .none
                tls = .prefer(insecure)
            case .require:
                var unverified = TLSConfiguration.makeClientConfiguration()
                unverified.certificateVerification = .none
                tls = .require(unverified)
            case .verifyFull:
                tls = .require(.makeClientConfiguration())
            }
            return .init(
                host: host,
                port: port,
                username: url.username,
                password: url.password,
                database: url.database,
                tls: tls
            )
        }
    }

    /// PostgresNIO logs queries at debug level; bind values never reach our logs through it.
    static let silentLogger = Logger(label: "sigilo.store.silent", factory: { _ in SwiftLogNoOpLogHandler() })
}

extension Database {
    /// Runs the pool for the duration of `body`, for commands and tests that are not a
    /// ServiceGroup (`sigilo migrate`).
    package func whileRunning<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            // Let run() start before the first lease: PostgresNIO warns about a lease that
            // arrives before it (harmless, but noise in an operator's terminal).
            try await Task.sleep(for: .milliseconds(5))
            return try await body()
        }
    }
}
