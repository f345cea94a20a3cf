import Foundation
import Hummingbird
import SigiloCore

/// `GET /metrics/overview?format=csv`: the daily series, one row per day of the window, then
/// a `total` row. Every cell is a day or a count, so nothing needs quoting.
enum MetricsCSV {
    static let header = [
        "day", "messages_in", "messages_out", "delivery_failures", "conversations_opened", "conversations_closed",
        "new_contacts", "active_contacts",
    ]

    /// The CSV text; the `total` row's `active_contacts` is the window's distinct count, not
    /// the sum of the days (a contact active on two days counts once).
    static func text(_ overview: MetricsOverview) -> String {
        var lines = [header.joined(separator: ",")]
        for day in overview.series {
            lines.append(
                [
                    day.day.description, "\(day.messagesIn)", "\(day.messagesOut)", "\(day.deliveryFailures)",
                    "\(day.conversationsOpened)", "\(day.conversationsClosed)", "\(day.newContacts)",
                    "\(day.activeContacts)",
                ].joined(separator: ",")
            )
        }
        lines.append(
            [
                "total", "\(overview.messagesIn)", "\(overview.messagesOut)", "\(overview.deliveryFailureCount)",
                "\(overview.conversationsOpened)", "\(overview.conversationsClosed)", "\(overview.newContacts)",
                "\(overview.activeContacts)",
            ].joined(separator: ",")
        )
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func response(_ overview: MetricsOverview, window: MetricsWindow) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"metrics-\(window.first)-\(window.last).csv\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text(overview)))
        )
    }
}
