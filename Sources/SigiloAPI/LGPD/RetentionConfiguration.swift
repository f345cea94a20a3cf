package import Configuration
import Foundation
package import SigiloCore

/// The retention job's settings; the periods themselves are in `policies/retention.json`.
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `retention.job` | `RETENTION_JOB` | boolean | `true` | no |
/// | `retention.interval` | `RETENTION_INTERVAL` | duration 1m…24h | 1h | no |
package struct RetentionConfiguration: Sendable {
    /// Whether this instance runs the job (any number of instances may).
    package var job: Bool
    package var interval: Duration
    package var policy: RetentionPolicy
    /// Where `retention.json` and `processing.json` are.
    package var policiesDirectory: String

    /// - Throws: ``ConfigurationError`` naming the key, never quoting a value.
    package init(reader: ConfigReader) throws {
        job =
            try reader.string(forKey: "retention.job").map { try ConfigurationValue.boolean($0, key: "retention.job") }
            ?? true
        interval =
            try reader.string(forKey: "retention.interval").map {
                try ConfigurationValue.duration($0, key: "retention.interval", in: .seconds(60) ... .seconds(86400))
            } ?? .seconds(3600)
        let directory = reader.string(forKey: "auth.policiesDirectory", default: "policies")
        policiesDirectory = directory
        do {
            policy = try RetentionPolicy(json: try PolicyFiles.read(directory, "retention.json"))
        } catch let invalid as RetentionPolicy.Invalid {
            throw ConfigurationError(key: "auth.policiesDirectory", expectation: "a valid retention.json (\(invalid))")
        }
    }
}
