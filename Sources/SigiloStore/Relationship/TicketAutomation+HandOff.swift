package import Foundation
import PostgresNIO

extension TicketAutomation {
    /// Hands a conversation from the AI to people: automatic answers stop for it, and it goes
    /// to a free agent of its queue when nobody has it. `reason` is a code
    /// (`customer_asked`, `negative_sentiment`, `model_unsure`, `model_asked`).
    /// - Returns: the ticket after, or nil when there is no such open conversation or it was
    ///   already handed off.
    @discardableResult
    package func handOff(_ id: UUID, reason: String, tenant: UUID) async throws -> Ticket? {
        try await database.withTenant(tenant) { connection -> Ticket? in
            guard let ticket = try await TicketRows.ticket(id, lock: true, on: connection),
                ticket.status != .closed, ticket.handedOffAt == nil
            else { return nil }
            var assignee = ticket.assigneeID
            if assignee == nil, let queue = ticket.queueID {
                assignee = try await RoundRobin.pick(queue: queue, tenant: tenant, on: connection)
            }
            try await connection.run(
                """
                UPDATE conversations SET handed_off_at = now(), hand_off_reason = \(reason),
                    assignee_id = \(assignee)::uuid, ticket_status = 'open', pending_since = NULL,
                    snoozed_until = NULL, updated_at = now()
                WHERE id = \(id)
                """
            )
            guard let after = try await TicketRows.ticket(id, on: connection) else { return nil }
            try await TicketRows.record(
                "hand_off",
                ticket: ticket,
                after: after,
                actor: TicketActor(kind: "system", id: "ai"),
                reason: reason,
                tenant: tenant,
                keys: keys,
                on: connection
            )
            var details = TicketRepository.details(ticket, after)
            details["reason"] = reason
            try await Self.audit("ticket.hand_off", ticket, after, tenant: tenant, details: details, on: connection)
            return after
        }
    }
}
