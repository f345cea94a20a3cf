import Foundation
import SigiloCore
import SigiloStore

/// The relationship part of a subject's export: cadence, scheduled messages, tickets with
/// their history, and the sentiment the AI read in the subject's messages (an inference about
/// them, so theirs to see).
extension SubjectExport {
    struct RelationshipView: Encodable {
        var cadence: CadenceView?
        var scheduledMessages: [ScheduledMessageView]
        var tickets: [TicketView]
        var sentiments: [SentimentRow]

        struct SentimentRow: Encodable {
            var messageID: String
            var label: String
            var score: Double
            var day: String

            enum CodingKeys: String, CodingKey {
                case label, score, day
                case messageID = "message_id"
            }
        }

        enum CodingKeys: String, CodingKey {
            case cadence, tickets, sentiments
            case scheduledMessages = "scheduled_messages"
        }

        init(_ relationship: SubjectExportSource.Relationship) {
            cadence = relationship.cadence.map { CadenceView(cadence: $0) }
            scheduledMessages = relationship.scheduled.map { ScheduledMessageView(scheduled: $0) }
            tickets = relationship.tickets.map { TicketView(ticket: $0.0, history: $0.1.map(TicketEventView.init)) }
            sentiments = relationship.sentiments.map {
                SentimentRow(messageID: $0.message.lowercasedString, label: $0.label, score: $0.score, day: $0.day)
            }
        }
    }

    func relationship() async throws -> RelationshipView {
        RelationshipView(try await dependencies.source.relationship(contact: contact.id, tenant: tenant))
    }

    /// The HTML rendering: the tickets' history and the sentiments, in Portuguese.
    func writeRelationshipHTML(to stream: inout ExportStream) async throws {
        let relationship = try await relationship()
        try await stream.write(
            "<h2>Atendimentos</h2><table><tr><th>Quando</th><th>Atendimento</th><th>O quê</th><th>Motivo</th></tr>"
        )
        for ticket in relationship.tickets {
            for event in ticket.history ?? [] {
                try await stream.write(
                    "<tr><td>\(event.event.occurredAt.formatted(.iso8601))</td><td>\(ticket.ticket.id.lowercasedString)</td>"
                        + "<td>\(event.event.kind)</td><td>\(HTMLText.escape(event.event.reason ?? ""))</td></tr>"
                )
            }
        }
        try await stream.write(
            "</table><h2>Sentimento lido pela IA</h2><table><tr><th>Dia</th><th>Sentimento</th></tr>"
        )
        for row in relationship.sentiments {
            try await stream.write("<tr><td>\(row.day)</td><td>\(row.label)</td></tr>")
        }
        try await stream.write("</table>")
    }
}
