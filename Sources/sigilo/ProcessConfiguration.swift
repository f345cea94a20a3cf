import Configuration
import Logging
import SigiloCore

/// Settings of the process itself: how it logs and how long it drains on shutdown.
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `log.level` | `LOG_LEVEL` | trace, debug, info, notice, warning, error, critical | info | no |
/// | `log.format` | `LOG_FORMAT` | json, text | json | no |
/// | `shutdown.gracePeriod` | `SHUTDOWN_GRACE_PERIOD` | duration 1s…300s | 30s | no |
struct ProcessConfiguration: Sendable {
    var logLevel: Logger.Level
    var logFormat: String
    var shutdownGracePeriod: Duration

    init(reader: ConfigReader) throws {
        let level = try ConfigurationValue.choice(
            reader.string(forKey: "log.level", default: "info"),
            key: "log.level",
            from: Logger.Level.allCases.map(\.rawValue)
        )
        self.logLevel = Logger.Level(rawValue: level) ?? .info
        self.logFormat = try ConfigurationValue.choice(
            reader.string(forKey: "log.format", default: "json"),
            key: "log.format",
            from: ["json", "text"]
        )
        self.shutdownGracePeriod = try ConfigurationValue.duration(
            reader.string(forKey: "shutdown.gracePeriod", default: "30s"),
            key: "shutdown.gracePeriod",
            in: .seconds(1) ... .seconds(300)
        )
    }
}
