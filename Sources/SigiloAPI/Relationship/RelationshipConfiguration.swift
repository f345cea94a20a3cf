package import Configuration
import SigiloCore
package import SigiloWhatsApp

/// The relationship scheduler of this instance.
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `relationship.scheduler` | `RELATIONSHIP_SCHEDULER` | boolean | true (when `whatsapp.workers`) | no |
/// | `relationship.routingInterval` | `RELATIONSHIP_ROUTING_INTERVAL` | duration 100ms…1m | 2s | no |
/// | `relationship.interval` | `RELATIONSHIP_INTERVAL` | duration 1s…1h | 30s | no |
package struct RelationshipConfiguration: Sendable {
    /// Whether this instance routes tickets and sends due cadences, reminders and scheduled
    /// messages (any number of instances may; each item is taken once).
    package var scheduler = true
    package var timing = RelationshipScheduler.Configuration()

    package init() {}

    /// - Throws: ``ConfigurationError`` for a malformed value.
    package init(reader: ConfigReader) throws {
        if let raw = reader.string(forKey: "relationship.scheduler") {
            scheduler = try ConfigurationValue.boolean(raw, key: "relationship.scheduler")
        }
        if let raw = reader.string(forKey: "relationship.routingInterval") {
            timing.routingInterval = try ConfigurationValue.duration(
                raw,
                key: "relationship.routingInterval",
                in: .milliseconds(100) ... .seconds(60)
            )
        }
        if let raw = reader.string(forKey: "relationship.interval") {
            timing.interval = try ConfigurationValue.duration(
                raw,
                key: "relationship.interval",
                in: .seconds(1) ... .seconds(3600)
            )
        }
    }
}
