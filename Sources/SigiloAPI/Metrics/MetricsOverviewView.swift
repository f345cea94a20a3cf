import Foundation
import SigiloCore
import SigiloStore

/// `GET /metrics/overview` as JSON. Figures without a value (a median with no sample, a rate
/// with no outbound message) are `null`, never left out, so a chart's fields are always there.
struct MetricsOverviewView: Encodable {
    let overview: MetricsOverview
    let query: MetricsOverviewQuery

    init(_ overview: MetricsOverview, query: MetricsOverviewQuery) {
        self.overview = overview
        self.query = query
    }

    private enum Key: String, CodingKey {
        case from, to, days
        case timeZone = "time_zone"
        case queue, agent
        case businessHours = "business_hours"
        case totalContacts = "total_contacts"
        case newContacts = "new_contacts"
        case activeContacts = "active_contacts"
        case unresponsiveContacts = "unresponsive_contacts"
        case invalidNumbers = "invalid_numbers"
        case conversationsOpened = "conversations_opened"
        case conversationsClosed = "conversations_closed"
        case messagesIn = "messages_in"
        case messagesOut = "messages_out"
        case deliveryFailures = "delivery_failures"
        case deliveryFailuresByReason = "delivery_failures_by_reason"
        case sentiments
        case deliveryFailureRate = "delivery_failure_rate"
        case firstResponseTime = "first_response_time"
        case replyTime = "reply_time"
        case resolutionTime = "resolution_time"
        case series
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(query.window.first.description, forKey: .from)
        try container.encode(query.window.last.description, forKey: .to)
        try container.encode(query.window.dayCount, forKey: .days)
        try container.encode("America/Sao_Paulo", forKey: .timeZone)
        try container.encode(query.filter.queue?.lowercasedString, forKey: .queue)
        try container.encode(query.filter.agent?.lowercasedString, forKey: .agent)
        try container.encode(query.filter.businessHours, forKey: .businessHours)
        try container.encode(overview.totalContacts, forKey: .totalContacts)
        try container.encode(overview.newContacts, forKey: .newContacts)
        try container.encode(overview.activeContacts, forKey: .activeContacts)
        try container.encode(overview.unresponsiveContacts, forKey: .unresponsiveContacts)
        try container.encode(overview.invalidNumbers, forKey: .invalidNumbers)
        try container.encode(overview.conversationsOpened, forKey: .conversationsOpened)
        try container.encode(overview.conversationsClosed, forKey: .conversationsClosed)
        try container.encode(overview.messagesIn, forKey: .messagesIn)
        try container.encode(overview.messagesOut, forKey: .messagesOut)
        try container.encode(overview.deliveryFailureCount, forKey: .deliveryFailures)
        try container.encode(overview.deliveryFailures, forKey: .deliveryFailuresByReason)
        var sentiments = ["positive": 0, "neutral": 0, "negative": 0]
        sentiments.merge(overview.sentiments) { _, counted in counted }
        try container.encode(sentiments, forKey: .sentiments)
        try container.encode(overview.deliveryFailureRate, forKey: .deliveryFailureRate)
        try container.encode(DurationView(overview.firstResponseTime), forKey: .firstResponseTime)
        try container.encode(DurationView(overview.replyTime), forKey: .replyTime)
        try container.encode(DurationView(overview.resolutionTime), forKey: .resolutionTime)
        try container.encode(overview.series.map(DayView.init), forKey: .series)
    }

    /// Seconds: `count`, `median` and `p90` (null without samples).
    struct DurationView: Encodable {
        let summary: DurationSummary

        init(_ summary: DurationSummary) { self.summary = summary }

        private enum Key: String, CodingKey { case count, median, p90 }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(summary.count, forKey: .count)
            try container.encode(summary.median, forKey: .median)
            try container.encode(summary.p90, forKey: .p90)
        }
    }

    struct DayView: Encodable {
        let day: String
        let messagesIn: Int
        let messagesOut: Int
        let deliveryFailures: Int
        let conversationsOpened: Int
        let conversationsClosed: Int
        let newContacts: Int
        let activeContacts: Int

        init(_ day: MetricsDay) {
            self.day = day.day.description
            messagesIn = day.messagesIn
            messagesOut = day.messagesOut
            deliveryFailures = day.deliveryFailures
            conversationsOpened = day.conversationsOpened
            conversationsClosed = day.conversationsClosed
            newContacts = day.newContacts
            activeContacts = day.activeContacts
        }

        enum CodingKeys: String, CodingKey {
            case day
            case messagesIn = "messages_in"
            case messagesOut = "messages_out"
            case deliveryFailures = "delivery_failures"
            case conversationsOpened = "conversations_opened"
            case conversationsClosed = "conversations_closed"
            case newContacts = "new_contacts"
            case activeContacts = "active_contacts"
        }
    }
}
