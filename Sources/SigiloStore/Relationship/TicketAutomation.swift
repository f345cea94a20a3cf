package import Foundation
import PostgresNIO
import SigiloCore

/// What Sigilo does to tickets by itself: routing new conversations to a queue and an agent
/// (by number, by the first-message menu, or to the default queue), the out-of-hours reply,
/// waking snoozed tickets, reminding and auto-closing pending ones. Each step is one
/// transaction on a locked ticket that re-checks it is still needed, so several instances
/// may run it at once.
package struct TicketAutomation: Sendable {
    let database: Database
    let keys: CRMKeys
    let outbox: OutboxRepository

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
        outbox = OutboxRepository(database: database, keys: keys)
    }

    /// How long a menu waits for the customer's choice before the default queue takes the ticket.
    package static let menuTimeout: TimeInterval = 30 * 60

    package enum Routing: Sendable, Equatable {
        /// Routed to the queue (nil: no queue applies) and agent (nil: nobody free).
        case routed(queue: UUID?, agent: UUID?, outOfHoursReply: Bool)
        /// The menu was sent; the customer's answer routes the ticket.
        case menuSent
        /// Waiting for the customer's answer to the menu.
        case awaitingChoice
        /// Already routed, closed, or taken by another instance.
        case nothing
    }

    /// Conversations waiting for routing across tenants (ids only), oldest first.
    package func unrouted(limit: Int) async throws -> [(tenant: UUID, id: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT tenant_id, id FROM sigilo_conversations_unrouted(\(Int32(limit)))",
                logger: Database.silentLogger
            )
            var found: [(tenant: UUID, id: UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { found.append(row) }
            return found
        }
    }

    /// Routes conversation `id` if it still waits for it.
    package func route(_ id: UUID, tenant: UUID, now: Date = Date(), text: TextDraftBuilder) async throws -> Routing {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: TicketRows.columns), v.menu_sent_at, w.queue_id FROM conversations v
                LEFT JOIN whatsapp_channels w ON w.id = v.channel_id
                WHERE v.id = \(id) AND v.routed_at IS NULL AND v.status = 'open'
                FOR UPDATE OF v SKIP LOCKED
                """,
                logger: Database.silentLogger
            )
            var found: (Ticket, Date?, UUID?)?
            for try await row in rows.decode(
                (
                    UUID, String, UUID?, UUID?, String, String, UUID?, UUID?, Date?, Date?, Date?, Date?, Date?, Date?,
                    Date, Date?, Date, UUID, Date?, UUID?
                ).self
            ) {
                let ticket = TicketRows.ticket(
                    (
                        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12,
                        row.13, row.14, row.15, row.16, row.17
                    )
                )
                found = (ticket, row.18, row.19)
            }
            guard let (ticket, menuSentAt, channelQueue) = found else { return .nothing }
            var queueID = channelQueue
            if queueID == nil {
                let settings = try await AgentRepository.settings(on: connection)
                let queues = try await QueueRepository.all(on: connection)
                let options = queues.filter { $0.menuKey != nil }
                // The menu answers a customer who wrote; a conversation the business started (a
                // cadence, an agent's template) goes to the default queue without one.
                if let prompt = settings.menuPrompt, !options.isEmpty, ticket.awaitingSince != nil {
                    if let menuSentAt {
                        let answer = try await answerAfter(menuSentAt, ticket: ticket, tenant: tenant, on: connection)
                        if let answer {
                            queueID = MenuChoice.match(
                                answer,
                                options: options.map { ($0.id, $0.menuKey ?? "", $0.name) }
                            )
                        } else if now.timeIntervalSince(menuSentAt) < Self.menuTimeout {
                            return .awaitingChoice
                        }
                    } else if try await sendMenu(
                        prompt,
                        options,
                        ticket: ticket,
                        tenant: tenant,
                        now: now,
                        text: text,
                        on: connection
                    ) {
                        return .menuSent
                    }
                    // A menu that could not go (the customer opted out) leaves the default queue.
                }
                if queueID == nil { queueID = queues.first { $0.isDefault }?.id }
            }
            return try await assign(ticket, to: queueID, tenant: tenant, now: now, text: text, on: connection)
        }
    }

    private func assign(
        _ ticket: Ticket,
        to queueID: UUID?,
        tenant: UUID,
        now: Date,
        text: TextDraftBuilder,
        on connection: PostgresConnection
    ) async throws -> Routing {
        let queue = try await queueID.asyncMap { try await QueueRepository.queue($0, on: connection) } ?? nil
        let agent =
            try await queue.asyncMap { try await RoundRobin.pick(queue: $0.id, tenant: tenant, on: connection) } ?? nil
        try await connection.run(
            """
            UPDATE conversations SET queue_id = \(queue?.id)::uuid, assignee_id = \(agent)::uuid, routed_at = now(),
                updated_at = now()
            WHERE id = \(ticket.id)
            """
        )
        var after = ticket
        after.queueID = queue?.id
        after.assigneeID = agent
        try await TicketRows.record(
            "routing",
            ticket: ticket,
            after: after,
            actor: .system,
            reason: nil,
            tenant: tenant,
            keys: keys,
            on: connection
        )
        try await Self.audit("ticket.route", ticket, after, tenant: tenant, on: connection)
        var replied = false
        if let queue, let reply = queue.outOfHoursReply, ticket.awaitingSince != nil, !queue.hours.isOpen(at: now) {
            let outcome = try await AutomatedSend.text(
                reply,
                in: ticket.id,
                origin: "out_of_hours",
                tenant: tenant,
                now: now,
                draft: text,
                outbox: outbox,
                on: connection
            )
            if case .sent = outcome {
                replied = true
                try await connection.run(
                    "UPDATE conversations SET out_of_hours_replied_at = now() WHERE id = \(ticket.id)"
                )
                try await TicketRows.record(
                    "out_of_hours_reply",
                    ticket: after,
                    after: after,
                    actor: .system,
                    reason: nil,
                    tenant: tenant,
                    keys: keys,
                    on: connection
                )
            }
        }
        return .routed(queue: queue?.id, agent: agent, outOfHoursReply: replied)
    }

    private func sendMenu(
        _ prompt: String,
        _ options: [Queue],
        ticket: Ticket,
        tenant: UUID,
        now: Date,
        text: TextDraftBuilder,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let body = MenuChoice.text(prompt: prompt, options: options.map { ($0.menuKey ?? "", $0.name) })
        let outcome = try await AutomatedSend.text(
            body,
            in: ticket.id,
            origin: "menu",
            tenant: tenant,
            now: now,
            draft: text,
            outbox: outbox,
            on: connection
        )
        guard case .sent = outcome else { return false }
        try await connection.run("UPDATE conversations SET menu_sent_at = clock_timestamp() WHERE id = \(ticket.id)")
        try await TicketRows.record(
            "menu",
            ticket: ticket,
            after: ticket,
            actor: .system,
            reason: nil,
            tenant: tenant,
            keys: keys,
            on: connection
        )
        return true
    }

    /// The text of the customer's first message stored after the menu (by the database's
    /// clock, as the menu's time; Meta's timestamps have whole seconds), opened with their key.
    private func answerAfter(
        _ menuSentAt: Date,
        ticket: Ticket,
        tenant: UUID,
        on connection: PostgresConnection
    )
        async throws -> String?
    {
        let rows = try await connection.query(
            """
            SELECT m.id, m.content_sealed FROM messages m
            WHERE m.conversation_id = \(ticket.id) AND m.direction = 'inbound' AND m.created_at > \(menuSentAt)
            ORDER BY m.created_at, m.id LIMIT 1
            """,
            logger: Database.silentLogger
        )
        for try await (message, sealed) in rows.decode((UUID, Data).self) {
            let key = try await TicketRows.subjectKey(ticket.subjectID, tenant: tenant, keys: keys, on: connection)
            let content = try MessageSealing.open(
                sealed,
                key: key,
                tenant: tenant,
                message: message,
                subject: ticket.subjectID
            )
            return content.text ?? content.choice?.title ?? ""
        }
        return nil
    }

    static func audit(
        _ action: String,
        _ before: Ticket,
        _ after: Ticket,
        tenant: UUID,
        details: [String: String]? = nil,
        on connection: PostgresConnection
    ) async throws {
        let event = AuditDraft(
            tenantID: tenant,
            actorKind: "system",
            actorID: "tickets",
            action: action,
            resourceType: "ticket",
            resourceID: before.id.uuidString.lowercased(),
            subjectID: (before.contactID ?? before.subjectID).uuidString.lowercased(),
            purpose: "customer_service",
            legalBasis: "legitimate_interest",
            details: details ?? TicketRepository.details(before, after)
        )
        _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
