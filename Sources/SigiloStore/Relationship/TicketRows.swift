import Foundation
import PostgresNIO
import SigiloCrypto

/// Reading and writing ticket rows inside a caller's transaction (tenant scope set).
enum TicketRows {
    static let columns = """
        v.id, v.source, v.contact_id, v.channel_id, v.status, v.ticket_status, v.queue_id, v.assignee_id,
        v.snoozed_until, v.pending_since, v.awaiting_since, v.first_response_at, v.routed_at, v.handed_off_at,
        v.opened_at, v.closed_at, v.updated_at, v.subject_id
        """
    typealias Row = (
        UUID, String, UUID?, UUID?, String, String, UUID?, UUID?, Date?, Date?, Date?, Date?, Date?, Date?, Date, Date?,
        Date, UUID
    )

    static func ticket(_ row: Row) -> Ticket {
        Ticket(
            id: row.0,
            source: row.1,
            contactID: row.2,
            channelID: row.3,
            status: row.4 == "closed" ? .closed : Ticket.Status(rawValue: row.5) ?? .open,
            queueID: row.6,
            assigneeID: row.7,
            snoozedUntil: row.8,
            pendingSince: row.9,
            awaitingSince: row.10,
            firstResponseAt: row.11,
            routedAt: row.12,
            handedOffAt: row.13,
            openedAt: row.14,
            closedAt: row.15,
            updatedAt: row.16,
            subjectID: row.17
        )
    }

    static func ticket(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> Ticket? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM conversations v WHERE v.id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")",
            logger: Database.silentLogger
        )
        for try await row in rows.decode(Row.self) { return ticket(row) }
        return nil
    }

    /// Adds a step to the ticket's history, its reason sealed under the subject's key.
    static func record(
        _ kind: String,
        ticket: Ticket,
        after: Ticket,
        actor: TicketActor,
        reason: String?,
        tenant: UUID,
        keys: CRMKeys,
        on connection: PostgresConnection
    ) async throws {
        let id = UUID()
        var sealed: ByteBuffer?
        if let reason {
            let key = try await subjectKey(ticket.subjectID, tenant: tenant, keys: keys, on: connection)
            sealed = ByteBuffer(bytes: try key.seal(reason, at: reasonAddress(tenant, id, ticket.subjectID)))
        }
        try await connection.run(
            """
            INSERT INTO ticket_events (id, tenant_id, conversation_id, kind, from_status, to_status, from_queue, to_queue,
                from_assignee, to_assignee, actor_kind, actor_id, reason_sealed)
            VALUES (\(id), \(tenant), \(ticket.id), \(kind), \(ticket.status.rawValue), \(after.status.rawValue),
                \(ticket.queueID)::uuid, \(after.queueID)::uuid, \(ticket.assigneeID)::uuid, \(after.assigneeID)::uuid,
                \(actor.kind), \(actor.id)::text, \(sealed)::bytea)
            """
        )
    }

    static func history(
        _ ticket: Ticket,
        tenant: UUID,
        keys: CRMKeys,
        on connection: PostgresConnection
    ) async throws
        -> [TicketEvent]
    {
        let rows = try await connection.query(
            """
            SELECT id, kind, from_status, to_status, from_queue, to_queue, from_assignee, to_assignee, actor_kind,
                actor_id, reason_sealed, occurred_at
            FROM ticket_events WHERE conversation_id = \(ticket.id) ORDER BY occurred_at, id
            """,
            logger: Database.silentLogger
        )
        var events: [TicketEvent] = []
        var key: SubjectKey?
        for try await row in rows.decode(
            (UUID, String, String?, String?, UUID?, UUID?, UUID?, UUID?, String, String?, Data?, Date).self
        ) {
            var reason: String?
            if let sealed = row.10 {
                if key == nil {
                    key = try await subjectKey(ticket.subjectID, tenant: tenant, keys: keys, on: connection)
                }
                guard let opened = key else { continue }
                guard let plain = try? opened.open(sealed, at: reasonAddress(tenant, row.0, ticket.subjectID)) else {
                    throw SealedDataError(.valueUnreadable, table: "ticket_events", column: "reason_sealed", row: row.0)
                }
                reason = plain
            }
            events.append(
                TicketEvent(
                    id: row.0,
                    kind: row.1,
                    fromStatus: row.2,
                    toStatus: row.3,
                    fromQueue: row.4,
                    toQueue: row.5,
                    fromAssignee: row.6,
                    toAssignee: row.7,
                    actorKind: row.8,
                    actorID: row.9,
                    reason: reason,
                    occurredAt: row.11
                )
            )
        }
        return events
    }

    private static func reasonAddress(_ tenant: UUID, _ event: UUID, _ subject: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "ticket_events", column: "reason_sealed", row: event, subject: subject)
    }

    static func subjectKey(
        _ subject: UUID,
        tenant: UUID,
        keys: CRMKeys,
        on connection: PostgresConnection
    ) async throws -> SubjectKey {
        let rows = try await connection.query(
            "SELECT wrapped FROM subject_keys WHERE subject_id = \(subject)",
            logger: Database.silentLogger
        )
        var wrapped: Data?
        for try await value in rows.decode(Data?.self) { wrapped = value }
        return try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
    }
}
