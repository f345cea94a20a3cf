/// The HTTP server's settings; see `APIConfiguration+ConfigReader.swift` for the keys.
package struct APIConfiguration: Sendable {
    /// 1 MiB: large enough for any JSON the API takes, small enough to refuse abuse early.
    package static let defaultMaxBodySize = 1 << 20

    /// The address to listen on; loopback by default, a reverse proxy terminates TLS in front.
    package var host: String
    /// The TCP port; 0 picks a free one (tests).
    package var port: Int
    /// The largest request body accepted, in bytes; larger ones answer 413.
    package var maxBodySize: Int
    /// How long `/readyz` waits for PostgreSQL before answering 503.
    package var readinessTimeout: Duration

    /// Creates a configuration.
    package init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodySize: Int = APIConfiguration.defaultMaxBodySize,
        readinessTimeout: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.readinessTimeout = readinessTimeout
    }
}
