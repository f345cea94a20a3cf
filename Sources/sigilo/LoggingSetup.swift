import Logging
import SigiloAPI

/// Installs the process-wide log handler once, before anything logs.
enum LoggingSetup {
    static func bootstrap(_ configuration: ProcessConfiguration) {
        let level = configuration.logLevel
        if configuration.logFormat == "json" {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
