package import Foundation
import PostgresNIO

extension SubjectExportSource {
    /// The relationship work about the subject: their cadence, scheduled messages, tickets with
    /// their history (reasons opened), and the sentiment the AI read in their messages.
    package struct Relationship: Sendable {
        package var cadence: ContactCadence?
        package var scheduled: [ScheduledMessageRepository.Scheduled]
        package var tickets: [(Ticket, [TicketEvent])]
        package var sentiments: [(message: UUID, label: String, score: Double, day: String)]
    }

    package func relationship(contact: UUID, tenant: UUID) async throws -> Relationship {
        let cadence = try await CadenceRepository(database: database, keys: keys).find(contact: contact, tenant: tenant)
        let repository = ScheduledMessageRepository(database: database, keys: keys)
        var scheduled: [ScheduledMessageRepository.Scheduled] = []
        while true {
            let page = try await repository.list(
                tenant: tenant,
                contact: contact,
                state: nil,
                after: scheduled.last?.id,
                limit: 500
            )
            scheduled += page
            if page.count < 500 { break }
        }
        let tickets = TicketRepository(database: database, keys: keys)
        var found: [(Ticket, [TicketEvent])] = []
        for conversation in try await conversations(contact: contact, tenant: tenant) {
            if let ticket = try await tickets.find(conversation.id, tenant: tenant) { found.append(ticket) }
        }
        let sentiments = try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT s.message_id, s.label, s.score::float8, s.day::text FROM message_sentiments s
                JOIN conversations c ON c.tenant_id = s.tenant_id AND c.id = s.conversation_id
                WHERE c.contact_id = \(contact) ORDER BY s.day, s.message_id
                """,
                logger: Database.silentLogger
            )
            var found: [(message: UUID, label: String, score: Double, day: String)] = []
            for try await row in rows.decode((UUID, String, Double, String).self) { found.append(row) }
            return found
        }
        return Relationship(cadence: cadence, scheduled: scheduled, tickets: found, sentiments: sentiments)
    }
}

extension SubjectExportSource {
    /// Whether anything about the subject was ever sent to the AI provider (an `ai.send`
    /// event names them).
    package func sentToAI(subject: UUID, tenant: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT EXISTS (SELECT FROM audit_events WHERE tenant_id = \(tenant)
                    AND subject_id = \(subject.uuidString.lowercased()) AND action = 'ai.send')
                """,
                logger: Database.silentLogger
            )
            for try await sent in rows.decode(Bool.self) { return sent }
            return false
        }
    }
}
