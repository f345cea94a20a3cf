import ArgumentParser
import Logging
import ServiceLifecycle
import SigiloAPI
import UnixSignals

/// `sigilo serve`: runs the HTTP API until SIGTERM or SIGINT, then drains in-flight requests.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API.")

    @Option(help: "Address to listen on (HTTP_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port (HTTP_PORT, default 8080).")
    var port: String?

    @Option(help: "Largest request body, e.g. 1MiB (HTTP_MAX_BODY_SIZE).")
    var maxBodySize: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "json or text (LOG_FORMAT).")
    var logFormat: String?

    func run() async throws {
        try await OperatorError.report {
            let reader = ConfigurationSources.reader(flags: [
                "http.host": host, "http.port": port, "http.maxBodySize": maxBodySize,
                "log.level": logLevel, "log.format": logFormat,
            ])
            let process = try ProcessConfiguration(reader: reader)
            LoggingSetup.bootstrap(process)
            let logger = Logger(label: "sigilo")
            let app = try await buildApplication(reader: reader, logger: logger)
            var configuration = ServiceGroupConfiguration(
                services: [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
            configuration.maximumGracefulShutdownDuration = process.shutdownGracePeriod
            try await ServiceGroup(configuration: configuration).run()
        }
    }
}
