package import Foundation
import PostgresNIO
import SigiloCore

/// Queues, their members and the numbers routed to them; every change audited with it.
package struct QueueRepository: Sendable {
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    static let columns = """
        q.id, q.name, q.menu_key, q.is_default, q.time_zone, q.business_hours::text, q.holidays::text[],
        q.out_of_hours_reply, q.reminder_after_minutes, q.reminder_text, q.auto_close_after_minutes, q.auto_answer,
        ARRAY(SELECT w.id FROM whatsapp_channels w WHERE w.queue_id = q.id ORDER BY w.id),
        ARRAY(SELECT m.user_id FROM queue_members m WHERE m.queue_id = q.id ORDER BY m.user_id),
        q.created_at, q.updated_at
        """
    typealias Row = (
        UUID, String, String?, Bool, String, String, [String], String?, Int32?, String?, Int32?, Bool, [UUID], [UUID],
        Date, Date
    )

    static func queue(_ row: Row) throws -> Queue {
        let intervals = try JSONDecoder().decode([BusinessHours.Interval].self, from: Data(row.5.utf8))
        return Queue(
            id: row.0,
            name: row.1,
            menuKey: row.2,
            isDefault: row.3,
            hours: BusinessHours(
                intervals: intervals,
                holidays: Set(row.6.compactMap(CivilDay.init)),
                timeZone: TimeZone(identifier: row.4) ?? .saoPaulo
            ),
            outOfHoursReply: row.7,
            reminderAfterMinutes: row.8.map(Int.init),
            reminderText: row.9,
            autoCloseAfterMinutes: row.10.map(Int.init),
            autoAnswer: row.11,
            channelIDs: row.12,
            memberIDs: row.13,
            createdAt: row.14,
            updatedAt: row.15
        )
    }

    package func list(tenant: UUID) async throws -> [Queue] {
        try await database.withTenant(tenant) { connection in
            try await Self.all(on: connection)
        }
    }

    package func find(_ id: UUID, tenant: UUID) async throws -> Queue? {
        try await database.withTenant(tenant) { connection in
            try await Self.queue(id, on: connection)
        }
    }

    static func queue(_ id: UUID, on connection: PostgresConnection) async throws -> Queue? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM queues q WHERE q.id = \(id)",
            logger: Database.silentLogger
        )
        for try await row in rows.decode(Row.self) { return try queue(row) }
        return nil
    }

    static func all(on connection: PostgresConnection) async throws -> [Queue] {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM queues q ORDER BY lower(q.name), q.id",
            logger: Database.silentLogger
        )
        var found: [Queue] = []
        for try await row in rows.decode(Row.self) { found.append(try queue(row)) }
        return found
    }

    /// Creates a queue (a name is required).
    /// - Throws: ``StoreError`` `conflict` for a name, menu key or default already taken;
    ///   `missingReference` for a number or member not of the tenant.
    package func create(_ changes: QueueChanges, tenant: UUID, audit: AuditDraft) async throws -> Queue {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let id = UUID()
                try await connection.run(
                    "INSERT INTO queues (id, tenant_id, name) VALUES (\(id), \(tenant), \(changes.name ?? ""))"
                )
                return try await apply(changes, to: id, tenant: tenant, audit: audit, on: connection)
            }
        }
    }

    /// Changes a queue; nil when there is none.
    package func update(_ id: UUID, _ changes: QueueChanges, tenant: UUID, audit: AuditDraft) async throws -> Queue? {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection -> Queue? in
                guard try await Self.queue(id, on: connection) != nil else { return nil }
                return try await apply(changes, to: id, tenant: tenant, audit: audit, on: connection)
            }
        }
    }

    /// Deletes a queue: its tickets keep their history and wait for routing by hand.
    package func delete(_ id: UUID, tenant: UUID, audit: AuditDraft) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "DELETE FROM queues WHERE id = \(id) RETURNING id",
                logger: Database.silentLogger
            )
            var deleted = false
            for try await _ in rows { deleted = true }
            if deleted { _ = try await AuditLedger.append([audit], tenant: tenant, on: connection) }
            return deleted
        }
    }

    private func apply(
        _ changes: QueueChanges,
        to id: UUID,
        tenant: UUID,
        audit: AuditDraft,
        on connection: PostgresConnection
    ) async throws -> Queue {
        guard let current = try await Self.queue(id, on: connection) else { throw StoreError(.notFound) }
        let hours = changes.hours ?? current.hours
        let intervals = String(decoding: try JSONEncoder().encode(hours.intervals), as: UTF8.self)
        let holidays = hours.holidays.sorted().map(\.description)
        let reminder = changes.reminder.applied(
            to: current.reminderAfterMinutes.flatMap { after in current.reminderText.map { (after, $0) } }
        )
        try await connection.run(
            """
            UPDATE queues SET name = \(changes.name ?? current.name), menu_key = \(changes.menuKey.applied(to: current.menuKey)),
                is_default = \(changes.isDefault ?? current.isDefault), time_zone = \(hours.timeZone.identifier),
                business_hours = \(intervals)::jsonb, holidays = \(holidays)::date[],
                out_of_hours_reply = \(changes.outOfHoursReply.applied(to: current.outOfHoursReply)),
                reminder_after_minutes = \(reminder.map { Int32($0.0) }), reminder_text = \(reminder.map(\.1)),
                auto_close_after_minutes = \(changes.autoCloseAfterMinutes.applied(to: current.autoCloseAfterMinutes).map(Int32.init)),
                auto_answer = \(changes.autoAnswer ?? current.autoAnswer), updated_at = now()
            WHERE id = \(id)
            """
        )
        if let channels = changes.channelIDs {
            try await connection.run("UPDATE whatsapp_channels SET queue_id = NULL WHERE queue_id = \(id)")
            try await connection.run("UPDATE whatsapp_channels SET queue_id = \(id) WHERE id = ANY(\(channels))")
            let rows = try await connection.query(
                "SELECT count(*) FROM whatsapp_channels WHERE id = ANY(\(channels))",
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int.self) where count != Set(channels).count {
                throw StoreError(.missingReference)
            }
        }
        if let members = changes.memberIDs {
            try await connection.run(
                "DELETE FROM queue_members WHERE queue_id = \(id) AND NOT (user_id = ANY(\(members)))"
            )
            try await connection.run(
                """
                INSERT INTO queue_members (tenant_id, queue_id, user_id)
                SELECT \(tenant), \(id), u FROM unnest(\(members)::uuid[]) AS u ON CONFLICT DO NOTHING
                """
            )
        }
        var event = audit
        event.resourceID = id.uuidString.lowercased()
        _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
        guard let queue = try await Self.queue(id, on: connection) else { throw StoreError(.notFound) }
        return queue
    }
}
