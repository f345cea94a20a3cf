package import Foundation
import PostgresNIO
import SigiloCore

/// Tickets: status changes, assignment and transfer, each with its history step and audit
/// event in one transaction.
package struct TicketRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Why a change was refused.
    package enum Refusal: Error, Sendable, Equatable {
        case notFound
        /// Reopening a conversation whose contact has another open one on the number.
        case anotherOpen
        /// The queue or user named is not the tenant's (or the user is disabled).
        case unknownReference(String)
    }

    package struct Filter: Sendable {
        package var status: Ticket.Status?
        package var queue: UUID?
        package var assignee: UUID?
        package var unassigned: Bool

        package init(status: Ticket.Status? = nil, queue: UUID? = nil, assignee: UUID? = nil, unassigned: Bool = false)
        {
            self.status = status
            self.queue = queue
            self.assignee = assignee
            self.unassigned = unassigned
        }
    }

    /// A page of tickets, in id order after `after`.
    package func list(tenant: UUID, filter: Filter, after: UUID?, limit: Int) async throws -> [Ticket] {
        try await database.withTenant(tenant) { connection in
            let status = filter.status?.rawValue
            let rows = try await connection.query(
                """
                SELECT \(unescaped: TicketRows.columns) FROM conversations v
                WHERE (\(after)::uuid IS NULL OR v.id > \(after)::uuid)
                  AND (\(status)::text IS NULL
                       OR (\(status)::text = 'closed' AND v.status = 'closed')
                       OR (v.status = 'open' AND v.ticket_status = \(status)::text))
                  AND (\(filter.queue)::uuid IS NULL OR v.queue_id = \(filter.queue)::uuid)
                  AND (\(filter.assignee)::uuid IS NULL OR v.assignee_id = \(filter.assignee)::uuid)
                  AND (NOT \(filter.unassigned) OR v.assignee_id IS NULL)
                ORDER BY v.id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var tickets: [Ticket] = []
            for try await row in rows.decode(TicketRows.Row.self) { tickets.append(TicketRows.ticket(row)) }
            return tickets
        }
    }

    /// A ticket with its history; nil when there is none.
    package func find(_ id: UUID, tenant: UUID) async throws -> (Ticket, [TicketEvent])? {
        try await database.withTenant(tenant) { connection in
            guard let ticket = try await TicketRows.ticket(id, on: connection) else { return nil }
            return (ticket, try await TicketRows.history(ticket, tenant: tenant, keys: keys, on: connection))
        }
    }

    /// Moves a ticket to `status`: closing closes the conversation, opening a closed one
    /// reopens it, `pending` waits on the customer, `snoozed` hides it until `until`.
    package func setStatus(
        _ id: UUID,
        to status: Ticket.Status,
        until: Date?,
        reason: String?,
        actor: TicketActor,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Ticket {
        try await change(id, kind: "status", reason: reason, actor: actor, tenant: tenant, audit: audit) {
            ticket,
            connection in
            try await Self.move(ticket, to: status, until: until, on: connection)
        }
    }

    /// Assigns a ticket to a user of the tenant, or to nobody.
    package func assign(
        _ id: UUID,
        to user: UUID?,
        reason: String?,
        actor: TicketActor,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Ticket {
        try await change(id, kind: "assignment", reason: reason, actor: actor, tenant: tenant, audit: audit) {
            ticket,
            connection in
            if let user {
                guard try await Self.activeUser(user, on: connection) else {
                    throw Refusal.unknownReference("assignee_id")
                }
                try await RoundRobin.lock(tenant, on: connection)
                try await RoundRobin.touched(user, on: connection)
            }
            // A ticket someone assigned by hand is routed: the scheduler leaves it alone.
            try await connection.run(
                "UPDATE conversations SET assignee_id = \(user)::uuid, routed_at = COALESCE(routed_at, now()) WHERE id = \(ticket.id)"
            )
        }
    }

    /// Transfers a ticket to a queue and/or an agent. A queue without an agent named goes to
    /// the queue's round robin (nobody when no member is free).
    package func transfer(
        _ id: UUID,
        queue: UUID?,
        agent: UUID?,
        reason: String?,
        actor: TicketActor,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Ticket {
        try await change(id, kind: "transfer", reason: reason, actor: actor, tenant: tenant, audit: audit) {
            ticket,
            connection in
            let targetQueue = queue ?? ticket.queueID
            if let queue {
                guard try await QueueRepository.queue(queue, on: connection) != nil else {
                    throw Refusal.unknownReference("queue_id")
                }
            }
            var assignee = agent
            if let agent {
                guard try await Self.activeUser(agent, on: connection) else {
                    throw Refusal.unknownReference("assignee_id")
                }
                try await RoundRobin.lock(tenant, on: connection)
                try await RoundRobin.touched(agent, on: connection)
            } else if let targetQueue {
                assignee = try await RoundRobin.pick(queue: targetQueue, tenant: tenant, on: connection)
            }
            try await connection.run(
                """
                UPDATE conversations SET queue_id = \(targetQueue)::uuid, assignee_id = \(assignee)::uuid,
                    routed_at = COALESCE(routed_at, now())
                WHERE id = \(ticket.id)
                """
            )
        }
    }

    /// Locks the ticket, applies `body`, records the step and the audit event.
    private func change(
        _ id: UUID,
        kind: String,
        reason: String?,
        actor: TicketActor,
        tenant: UUID,
        audit: AuditDraft,
        _ body: @escaping @Sendable (Ticket, PostgresConnection) async throws -> Void
    ) async throws -> Ticket {
        do {
            return try await database.withTenant(tenant) { connection in
                guard let before = try await TicketRows.ticket(id, lock: true, on: connection) else {
                    throw Refusal.notFound
                }
                try await body(before, connection)
                try await connection.run("UPDATE conversations SET updated_at = now() WHERE id = \(id)")
                guard let after = try await TicketRows.ticket(id, on: connection) else { throw Refusal.notFound }
                try await TicketRows.record(
                    kind,
                    ticket: before,
                    after: after,
                    actor: actor,
                    reason: reason,
                    tenant: tenant,
                    keys: keys,
                    on: connection
                )
                var event = audit
                event.resourceID = id.uuidString.lowercased()
                event.subjectID = (before.contactID ?? before.subjectID).uuidString.lowercased()
                event.details.merge(Self.details(before, after)) { _, new in new }
                _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
                return after
            }
        } catch {
            // The one-open-conversation index: the contact has another open one on the number.
            if StoreError.sqlState(of: error) == "23505" { throw Refusal.anotherOpen }
            throw error
        }
    }

    /// What changed, as ids and statuses only.
    static func details(_ before: Ticket, _ after: Ticket) -> [String: String] {
        var details: [String: String] = ["status": after.status.rawValue]
        if before.status != after.status { details["from_status"] = before.status.rawValue }
        if let queue = after.queueID { details["queue"] = queue.uuidString.lowercased() }
        if let assignee = after.assigneeID { details["assignee"] = assignee.uuidString.lowercased() }
        return details
    }

    /// The SQL of a status change (the caller holds the row lock).
    static func move(
        _ ticket: Ticket,
        to status: Ticket.Status,
        until: Date?,
        on connection: PostgresConnection
    )
        async throws
    {
        switch status {
        case .closed:
            try await connection.run(
                """
                UPDATE conversations SET status = 'closed', closed_at = COALESCE(closed_at, now()), ticket_status = 'open',
                    pending_since = NULL, snoozed_until = NULL, reminded_at = NULL
                WHERE id = \(ticket.id)
                """
            )
        case .open, .pending, .snoozed:
            try await connection.run(
                """
                UPDATE conversations SET status = 'open', closed_at = NULL,
                    opened_at = CASE WHEN status = 'closed' THEN now() ELSE opened_at END,
                    ticket_status = \(status.rawValue),
                    pending_since = CASE WHEN \(status.rawValue) = 'pending' THEN now() END,
                    snoozed_until = CASE WHEN \(status.rawValue) = 'snoozed' THEN \(until)::timestamptz END,
                    reminded_at = NULL
                WHERE id = \(ticket.id)
                """
            )
        }
    }

    static func activeUser(_ user: UUID, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 FROM users WHERE id = \(user) AND disabled_at IS NULL",
            logger: Database.silentLogger
        )
        for try await _ in rows { return true }
        return false
    }
}
