package import Configuration
import Foundation
package import SigiloCore

/// The LGPD machinery's settings; retention periods are in `policies/retention.json`.
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `retention.job` | `RETENTION_JOB` | boolean | `true` | no |
/// | `retention.interval` | `RETENTION_INTERVAL` | duration 1m…24h | 1h | no |
/// | `lgpd.hostWebhookHosts` | `LGPD_HOST_WEBHOOK_HOSTS` | host names, comma-separated | none (any https host) | no |
/// | `lgpd.hostNotifyInterval` | `LGPD_HOST_NOTIFY_INTERVAL` | duration 1s…1h | 10s | no |
package struct LGPDConfiguration: Sendable {
    /// Whether this instance runs the retention job (any number of instances may).
    package var retentionJob: Bool
    package var retentionInterval: Duration
    package var retentionPolicy: RetentionPolicy
    /// Where `retention.json` and `processing.json` are.
    package var policiesDirectory: String
    /// Hosts a tenant's host-CRM webhook may name. Empty: any host over https. Listed hosts
    /// may also be reached over http (a host CRM on the same private network).
    package var hostWebhookHosts: Set<String>
    /// How often pending notices to host CRMs are looked for.
    package var hostNotifyInterval: Duration

    /// - Throws: ``ConfigurationError`` naming the key, never quoting a value.
    package init(reader: ConfigReader) throws {
        retentionJob =
            try reader.string(forKey: "retention.job").map {
                try ConfigurationValue.boolean($0, key: "retention.job")
            } ?? true
        retentionInterval =
            try reader.string(forKey: "retention.interval").map {
                try ConfigurationValue.duration($0, key: "retention.interval", in: .seconds(60) ... .seconds(86400))
            } ?? .seconds(3600)
        hostNotifyInterval =
            try reader.string(forKey: "lgpd.hostNotifyInterval").map {
                try ConfigurationValue.duration($0, key: "lgpd.hostNotifyInterval", in: .seconds(1) ... .seconds(3600))
            } ?? .seconds(10)
        let hosts = reader.string(forKey: "lgpd.hostWebhookHosts", default: "")
        hostWebhookHosts = Set(
            hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
                !$0.isEmpty
            }
        )
        let directory = reader.string(forKey: "auth.policiesDirectory", default: "policies")
        policiesDirectory = directory
        do {
            retentionPolicy = try RetentionPolicy(json: try PolicyFiles.read(directory, "retention.json"))
        } catch let invalid as RetentionPolicy.Invalid {
            throw ConfigurationError(key: "auth.policiesDirectory", expectation: "a valid retention.json (\(invalid))")
        }
    }

    /// Whether a host-CRM webhook may be `url`.
    func allowsHostWebhook(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            return false
        }
        switch scheme {
        case "https": return hostWebhookHosts.isEmpty || hostWebhookHosts.contains(host)
        case "http": return hostWebhookHosts.contains(host)
        default: return false
        }
    }
}
