/// Every figure of `GET /metrics/overview` for one window (docs/metrics.md defines each).
package struct MetricsOverview: Sendable, Equatable {
    /// Live contacts created before the end of the window (tenant-wide).
    package var totalContacts = 0
    /// Live contacts created within the window (tenant-wide).
    package var newContacts = 0
    /// Distinct contacts who wrote to the business within the window (tenant-wide).
    package var activeContacts = 0
    /// Contacts whose cadence is `unresponsive` now (tenant-wide).
    package var unresponsiveContacts = 0
    /// Live contacts whose number WhatsApp refused, now (tenant-wide).
    package var invalidNumbers = 0
    package var conversationsOpened = 0
    package var conversationsClosed = 0
    package var messagesIn = 0
    package var messagesOut = 0
    /// Failed outbound messages by Sigilo's reason (`invalid_number`, `window_closed`, …).
    package var deliveryFailures: [String: Int] = [:]
    /// Inbound messages of the window by the sentiment the AI read in them (positive, neutral,
    /// negative); only messages the AI copilot processed have one.
    package var sentiments: [String: Int] = [:]
    package var firstResponseTime = DurationSummary.empty
    package var replyTime = DurationSummary.empty
    package var resolutionTime = DurationSummary.empty
    /// One entry per day of the window.
    package var series: [MetricsDay] = []

    package init() {}

    /// Every failed outbound message of the window.
    package var deliveryFailureCount: Int { deliveryFailures.values.reduce(0, +) }

    /// Failed ÷ outbound messages; nil without outbound messages.
    package var deliveryFailureRate: Double? {
        messagesOut > 0 ? Double(deliveryFailureCount) / Double(messagesOut) : nil
    }
}
