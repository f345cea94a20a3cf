import InMemoryLogging
import Logging

/// Captures everything logged through ``logger`` so tests can assert on it, PII included.
struct LogCapture: Sendable {
    let handler = InMemoryLogHandler()

    /// A logger at trace level writing into the capture.
    var logger: Logger {
        var logger = Logger(label: "sigilo.test", factory: { [handler] _ in handler })
        logger.logLevel = .trace
        return logger
    }

    var entries: [InMemoryLogHandler.Entry] { handler.entries }

    /// Every message and metadata value, flattened into one string to search.
    var text: String {
        entries.map { entry in
            "\(entry.message) " + entry.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
