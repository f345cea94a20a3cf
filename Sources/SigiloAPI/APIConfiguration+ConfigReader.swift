package import Configuration
import SigiloCore

extension APIConfiguration {
    /// Reads the HTTP server's configuration.
    ///
    /// | key | env | type | default | secret |
    /// |---|---|---|---|---|
    /// | `http.host` | `HTTP_HOST` | address | `127.0.0.1` | no |
    /// | `http.port` | `HTTP_PORT` | integer 0…65535 | 8080 | no |
    /// | `http.maxBodySize` | `HTTP_MAX_BODY_SIZE` | bytes, 1KiB…64MiB | 1MiB | no |
    /// | `http.readinessTimeout` | `HTTP_READINESS_TIMEOUT` | duration 100ms…60s | 2s | no |
    ///
    /// - Parameter reader: The configuration reader.
    /// - Throws: ``ConfigurationError`` for a malformed value.
    package init(reader: ConfigReader) throws {
        let host = reader.string(forKey: "http.host", default: "127.0.0.1")
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-".contains($0) }) else {
            throw ConfigurationError(key: "http.host", expectation: "a host name or IP address")
        }
        let port = try reader.string(forKey: "http.port").map {
            try ConfigurationValue.integer($0, key: "http.port", in: 0...65535)
        }
        let maxBodySize = try reader.string(forKey: "http.maxBodySize").map {
            try ConfigurationValue.byteSize($0, key: "http.maxBodySize", in: (1 << 10)...(64 << 20))
        }
        let readinessTimeout = try reader.string(forKey: "http.readinessTimeout").map {
            try ConfigurationValue.duration($0, key: "http.readinessTimeout", in: .milliseconds(100) ... .seconds(60))
        }
        self.init(
            host: host,
            port: port ?? 8080,
            maxBodySize: maxBodySize ?? Self.defaultMaxBodySize,
            readinessTimeout: readinessTimeout ?? .seconds(2)
        )
    }
}
