package import Configuration
import Foundation
import SigiloCore

extension WhatsAppConfiguration {
    /// Reads the WhatsApp settings.
    ///
    /// | key | env | type | default | secret |
    /// |---|---|---|---|---|
    /// | `whatsapp.graphBaseURL` | `WHATSAPP_GRAPH_BASE_URL` | URL | `https://graph.facebook.com/v24.0` | no |
    /// | `whatsapp.webhookMaxBodySize` | `WHATSAPP_WEBHOOK_MAX_BODY_SIZE` | bytes, 64KiB…16MiB | 4MiB | no |
    /// | `whatsapp.messagesPerSecond` | `WHATSAPP_MESSAGES_PER_SECOND` | integer 1…1000 | 80 | no |
    /// | `whatsapp.outboxConcurrency` | `WHATSAPP_OUTBOX_CONCURRENCY` | integer 1…256 | 16 | no |
    /// | `whatsapp.outboxLease` | `WHATSAPP_OUTBOX_LEASE` | duration 10s…1h | 120s | no |
    /// | `whatsapp.mediaMaxBytes` | `WHATSAPP_MEDIA_MAX_BYTES` | bytes, 1MiB…100MiB | 100MiB | no |
    /// | `whatsapp.graphHosts` | `WHATSAPP_GRAPH_HOSTS` | comma-separated host names | `graph.facebook.com` | no |
    /// | `whatsapp.webhookRetention` | `WHATSAPP_WEBHOOK_RETENTION` | duration 1h…365d | 7d | no |
    /// | `whatsapp.workers` | `WHATSAPP_WORKERS` | boolean | true | no |
    ///
    /// Channel credentials are not configuration: an admin sets them through the API, and
    /// they are stored sealed.
    /// - Throws: ``ConfigurationError`` for a malformed value.
    package init(reader: ConfigReader) throws {
        var configuration = WhatsAppConfiguration()
        if let base = reader.string(forKey: "whatsapp.graphBaseURL") {
            guard ChannelRules.isAcceptableBaseURL(base) else {
                throw ConfigurationError(
                    key: "whatsapp.graphBaseURL",
                    expectation: "an https URL (http only for 127.0.0.1 or localhost)"
                )
            }
            configuration.defaultGraphBaseURL = base
        }
        if let raw = reader.string(forKey: "whatsapp.webhookMaxBodySize") {
            configuration.webhookMaxBodySize = try ConfigurationValue.byteSize(
                raw,
                key: "whatsapp.webhookMaxBodySize",
                in: (64 << 10)...(16 << 20)
            )
        }
        if let raw = reader.string(forKey: "whatsapp.messagesPerSecond") {
            configuration.defaultMessagesPerSecond = try ConfigurationValue.integer(
                raw,
                key: "whatsapp.messagesPerSecond",
                in: 1...1000
            )
        }
        if let raw = reader.string(forKey: "whatsapp.outboxConcurrency") {
            configuration.outboxConcurrency = try ConfigurationValue.integer(
                raw,
                key: "whatsapp.outboxConcurrency",
                in: 1...256
            )
        }
        if let raw = reader.string(forKey: "whatsapp.outboxLease") {
            configuration.outboxLease = try ConfigurationValue.duration(
                raw,
                key: "whatsapp.outboxLease",
                in: .seconds(10) ... .seconds(3600)
            )
        }
        if let raw = reader.string(forKey: "whatsapp.mediaMaxBytes") {
            configuration.mediaMaxBytes = try ConfigurationValue.byteSize(
                raw,
                key: "whatsapp.mediaMaxBytes",
                in: (1 << 20)...(100 << 20)
            )
        }
        if let raw = reader.string(forKey: "whatsapp.graphHosts") {
            let hosts = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard !hosts.isEmpty,
                hosts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || ".-:".contains($0) } })
            else {
                throw ConfigurationError(key: "whatsapp.graphHosts", expectation: "comma-separated host names")
            }
            configuration.graphHosts = Set(hosts)
        }
        if let raw = reader.string(forKey: "whatsapp.webhookRetention") {
            configuration.webhookRetention = try ConfigurationValue.duration(
                raw,
                key: "whatsapp.webhookRetention",
                in: .seconds(3600) ... .seconds(365 * 24 * 3600)
            )
        }
        if let raw = reader.string(forKey: "whatsapp.workers") {
            configuration.workers = try ConfigurationValue.boolean(raw, key: "whatsapp.workers")
        }
        self = configuration
    }
}
