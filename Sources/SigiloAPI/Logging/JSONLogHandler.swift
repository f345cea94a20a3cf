import Foundation
package import Logging
import SigiloCore

/// Writes one JSON object per line: `{"ts","level","label","msg", …metadata}`.
///
/// The attached error of a log event is reduced to its type name: error descriptions can
/// carry SQL values or request data, which must never reach a log (docs/logging.md).
package struct JSONLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package var logLevel: Logger.Level
    private let label: String
    private let sink: @Sendable ([UInt8]) -> Void

    /// - Parameters:
    ///   - label: The logger's label.
    ///   - level: The least severe level written.
    ///   - sink: Receives each line, newline included; standard output by default.
    package init(
        label: String,
        level: Logger.Level = .info,
        sink: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.standardOutput
    ) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["error.type"] = "\(type(of: error))" }

        var line = "{\"ts\":"
        JSONText.appendString(Self.timestamp(), to: &line)
        line += ",\"level\":"
        JSONText.appendString(event.level.rawValue, to: &line)
        line += ",\"label\":"
        JSONText.appendString(label, to: &line)
        line += ",\"msg\":"
        JSONText.appendString(event.message.description, to: &line)
        for key in merged.keys.sorted() where !["ts", "level", "label", "msg"].contains(key) {
            line += ","
            JSONText.appendString(key, to: &line)
            line += ":"
            JSONText.appendValue(merged[key]!, to: &line)
        }
        line += "}\n"
        sink(Array(line.utf8))
    }

    /// Writes a line to file descriptor 1 in one `write(2)`, so concurrent lines never interleave
    /// (each is far below PIPE_BUF in practice, and one write call per line regardless).
    package static let standardOutput: @Sendable ([UInt8]) -> Void = { bytes in
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func timestamp() -> String {
        Date().formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }
}
