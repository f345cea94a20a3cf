package import Foundation
import PostgresNIO

extension TicketAutomation {
    /// What one follow-up pass did.
    package struct FollowUps: Sendable, Equatable {
        package var woken = 0
        package var reminded = 0
        package var closed = 0

        package init() {}
    }

    /// Tenants with pending or snoozed tickets (ids only).
    package func followUpTenants() async throws -> [UUID] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT * FROM sigilo_follow_up_tenants()",
                logger: Database.silentLogger
            )
            var tenants: [UUID] = []
            for try await id in rows.decode(UUID.self) { tenants.append(id) }
            return tenants
        }
    }

    /// Wakes snoozed tickets whose time came, reminds pending ones after their queue's
    /// `reminder_after_minutes` and closes them after `auto_close_after_minutes` (both counted
    /// from when the ticket became pending; a customer's message makes it open again).
    package func followUp(tenant: UUID, now: Date = Date(), text: TextDraftBuilder) async throws -> FollowUps {
        var done = FollowUps()
        let candidates = try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT v.id FROM conversations v LEFT JOIN queues q ON q.id = v.queue_id
                WHERE v.status = 'open' AND (
                    (v.ticket_status = 'snoozed' AND v.snoozed_until <= \(now))
                    OR (v.ticket_status = 'pending' AND (
                        (v.reminded_at IS NULL AND v.pending_since + make_interval(mins => q.reminder_after_minutes) <= \(now))
                        OR v.pending_since + make_interval(mins => q.auto_close_after_minutes) <= \(now))))
                ORDER BY v.id LIMIT 500
                """,
                logger: Database.silentLogger
            )
            var ids: [UUID] = []
            for try await id in rows.decode(UUID.self) { ids.append(id) }
            return ids
        }
        for id in candidates {
            switch try await followUp(id, tenant: tenant, now: now, text: text) {
            case "wake": done.woken += 1
            case "reminder": done.reminded += 1
            case "auto_close": done.closed += 1
            default: break
            }
        }
        return done
    }

    /// One ticket's follow-up, re-checked under its lock; the step taken, or nil.
    private func followUp(_ id: UUID, tenant: UUID, now: Date, text: TextDraftBuilder) async throws -> String? {
        try await database.withTenant(tenant) { connection -> String? in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: TicketRows.columns), v.reminded_at, q.reminder_after_minutes, q.reminder_text,
                    q.auto_close_after_minutes
                FROM conversations v LEFT JOIN queues q ON q.id = v.queue_id
                WHERE v.id = \(id) AND v.status = 'open' FOR UPDATE OF v SKIP LOCKED
                """,
                logger: Database.silentLogger
            )
            var found: (Ticket, Date?, Int32?, String?, Int32?)?
            for try await row in rows.decode(
                (
                    UUID, String, UUID?, UUID?, String, String, UUID?, UUID?, Date?, Date?, Date?, Date?, Date?, Date?,
                    Date, Date?, Date, UUID, Date?, Int32?, String?, Int32?
                ).self
            ) {
                let ticket = TicketRows.ticket(
                    (
                        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12,
                        row.13, row.14, row.15, row.16, row.17
                    )
                )
                found = (ticket, row.18, row.19, row.20, row.21)
            }
            guard let (ticket, remindedAt, reminderAfter, reminderText, closeAfter) = found else { return nil }
            if ticket.status == .snoozed, let until = ticket.snoozedUntil, until <= now {
                return try await step("wake", to: .open, ticket, tenant: tenant, on: connection)
            }
            guard ticket.status == .pending, let since = ticket.pendingSince else { return nil }
            if let closeAfter, since.addingTimeInterval(Double(closeAfter) * 60) <= now {
                return try await step("auto_close", to: .closed, ticket, tenant: tenant, on: connection)
            }
            guard remindedAt == nil, let reminderAfter, let reminderText,
                since.addingTimeInterval(Double(reminderAfter) * 60) <= now
            else { return nil }
            // A reminder outside the customer-service window cannot be free text; it is
            // recorded as skipped (the refusal's code in the audit event) and not retried.
            let outcome = try await AutomatedSend.text(
                reminderText,
                in: ticket.id,
                origin: "reminder",
                tenant: tenant,
                now: now,
                draft: text,
                outbox: outbox,
                on: connection
            )
            try await connection.run("UPDATE conversations SET reminded_at = \(now) WHERE id = \(ticket.id)")
            try await TicketRows.record(
                "reminder",
                ticket: ticket,
                after: ticket,
                actor: .system,
                reason: nil,
                tenant: tenant,
                keys: keys,
                on: connection
            )
            var details = TicketRepository.details(ticket, ticket)
            if case .skipped(let reason) = outcome { details["skipped"] = reason }
            try await Self.audit("ticket.remind", ticket, ticket, tenant: tenant, details: details, on: connection)
            return "reminder"
        }
    }

    private func step(
        _ kind: String,
        to status: Ticket.Status,
        _ ticket: Ticket,
        tenant: UUID,
        on connection: PostgresConnection
    )
        async throws -> String
    {
        try await TicketRepository.move(ticket, to: status, until: nil, on: connection)
        guard let after = try await TicketRows.ticket(ticket.id, on: connection) else { return kind }
        try await TicketRows.record(
            kind == "wake" ? "status" : kind,
            ticket: ticket,
            after: after,
            actor: .system,
            reason: nil,
            tenant: tenant,
            keys: keys,
            on: connection
        )
        try await Self.audit(
            kind == "wake" ? "ticket.wake" : "ticket.auto_close",
            ticket,
            after,
            tenant: tenant,
            on: connection
        )
        return kind
    }
}
