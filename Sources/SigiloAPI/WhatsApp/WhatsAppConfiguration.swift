/// The WhatsApp integration's settings: defaults for new channels, the webhook's body limit,
/// and the background workers of this instance.
package struct WhatsAppConfiguration: Sendable {
    /// Meta's Graph API, used for channels created without a base URL of their own.
    package var defaultGraphBaseURL: String
    /// Largest webhook body accepted (Meta batches up to about 3 MB).
    package var webhookMaxBodySize: Int
    /// Per-number throughput cap for new channels (Meta's default tier is 80 messages/s).
    package var defaultMessagesPerSecond: Int
    /// Sends in flight at once from this instance.
    package var outboxConcurrency: Int
    /// A send claimed longer ago than this is taken for dead (its instance stopped mid-call).
    package var outboxLease: Duration
    /// Largest inbound media file downloaded.
    package var mediaMaxBytes: Int
    /// The hosts a channel's `graph_base_url` may name: Meta's by default; the fake Graph API's
    /// loopback address only where the operator adds it (`make run`, tests).
    package var graphHosts: Set<String> = ["graph.facebook.com"]
    /// How long a processed webhook body is kept before it is deleted.
    package var webhookRetention: Duration = .seconds(7 * 24 * 3600)
    /// Whether this instance runs the inbound processor and the outbox sender (an API-only
    /// instance still stores webhooks; the workers of other instances pick them up).
    package var workers: Bool

    package init(
        defaultGraphBaseURL: String = "https://graph.facebook.com/v24.0",
        webhookMaxBodySize: Int = 4 << 20,
        defaultMessagesPerSecond: Int = 80,
        outboxConcurrency: Int = 16,
        outboxLease: Duration = .seconds(120),
        mediaMaxBytes: Int = 100 << 20,
        workers: Bool = true
    ) {
        self.defaultGraphBaseURL = defaultGraphBaseURL
        self.webhookMaxBodySize = webhookMaxBodySize
        self.defaultMessagesPerSecond = defaultMessagesPerSecond
        self.outboxConcurrency = outboxConcurrency
        self.outboxLease = outboxLease
        self.mediaMaxBytes = mediaMaxBytes
        self.workers = workers
    }
}
