package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// One-off messages (an approved template) to send at a time, sent by the scheduler.
package struct ScheduledMessageRepository: Sendable {
    let database: Database
    let keys: CRMKeys
    let outbox: OutboxRepository

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
        outbox = OutboxRepository(database: database, keys: keys)
    }

    package struct Scheduled: Sendable, Equatable {
        package var id: UUID
        package var contactID: UUID
        package var templateID: UUID
        package var channelID: UUID?
        package var sendAt: Date
        /// scheduled, sent, skipped or cancelled.
        package var state: String
        package var skippedReason: String?
        package var messageID: UUID?
        package var createdBy: UUID?
        package var createdAt: Date
    }

    static let columns = """
        id, contact_id, template_id, channel_id, send_at, state, skipped_reason, message_id, created_by, created_at
        """
    typealias Row = (UUID, UUID, UUID, UUID?, Date, String, String?, UUID?, UUID?, Date)

    static func scheduled(_ row: Row) -> Scheduled {
        Scheduled(
            id: row.0,
            contactID: row.1,
            templateID: row.2,
            channelID: row.3,
            sendAt: row.4,
            state: row.5,
            skippedReason: row.6,
            messageID: row.7,
            createdBy: row.8,
            createdAt: row.9
        )
    }

    /// Schedules a template to a live contact; nil when the tenant has no such contact.
    /// - Throws: ``StoreError`` `missingReference` for a template or number not of the tenant.
    package func schedule(
        contact: UUID,
        templateID: UUID,
        channelID: UUID?,
        arguments: TemplateArguments?,
        sendAt: Date,
        createdBy: UUID?,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Scheduled? {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection -> Scheduled? in
                guard let subject = try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection)
                else { return nil }
                let id = UUID()
                let sealed = try arguments.map {
                    ByteBuffer(
                        bytes: try subject.key.seal(
                            bytes: try JSONEncoder().encode($0),
                            at: Self.address(subject, id, tenant)
                        )
                    )
                }
                let rows = try await connection.query(
                    """
                    INSERT INTO scheduled_messages (id, tenant_id, contact_id, template_id, channel_id, parameters_sealed,
                        send_at, created_by)
                    VALUES (\(id), \(tenant), \(contact), \(templateID), \(channelID)::uuid, \(sealed)::bytea, \(sendAt),
                        \(createdBy)::uuid)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                var scheduled: Scheduled?
                for try await row in rows.decode(Row.self) { scheduled = Self.scheduled(row) }
                var event = audit
                event.resourceID = id.uuidString.lowercased()
                event.subjectID = contact.uuidString.lowercased()
                _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
                return scheduled
            }
        }
    }

    /// A page of scheduled messages by send time (optionally one contact or one state).
    package func list(
        tenant: UUID,
        contact: UUID?,
        state: String?,
        after: UUID?,
        limit: Int
    ) async throws
        -> [Scheduled]
    {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM scheduled_messages
                WHERE (\(contact)::uuid IS NULL OR contact_id = \(contact)::uuid)
                  AND (\(state)::text IS NULL OR state = \(state)::text)
                  AND (\(after)::uuid IS NULL OR (send_at, id) >
                       (SELECT send_at, id FROM scheduled_messages WHERE id = \(after)::uuid))
                ORDER BY send_at, id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var found: [Scheduled] = []
            for try await row in rows.decode(Row.self) { found.append(Self.scheduled(row)) }
            return found
        }
    }

    /// Cancels a message not sent yet; nil when there is none, false when it already left.
    package func cancel(_ id: UUID, tenant: UUID, audit: AuditDraft) async throws -> Bool? {
        try await database.withTenant(tenant) { connection -> Bool? in
            let rows = try await connection.query(
                "SELECT state, contact_id FROM scheduled_messages WHERE id = \(id) FOR UPDATE",
                logger: Database.silentLogger
            )
            var found: (String, UUID)?
            for try await row in rows.decode((String, UUID).self) { found = row }
            guard let (state, contact) = found else { return nil }
            guard state == "scheduled" else { return false }
            try await connection.run(
                "UPDATE scheduled_messages SET state = 'cancelled', updated_at = now() WHERE id = \(id)"
            )
            var event = audit
            event.resourceID = id.uuidString.lowercased()
            event.subjectID = contact.uuidString.lowercased()
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return true
        }
    }

    /// Messages due by `now` across tenants (ids only).
    package func due(at now: Date, limit: Int) async throws -> [(tenant: UUID, id: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT tenant_id, id FROM sigilo_scheduled_due(\(now), \(Int32(limit)))",
                logger: Database.silentLogger
            )
            var due: [(tenant: UUID, id: UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { due.append(row) }
            return due
        }
    }

    /// Sends message `id` if still scheduled and due, in one transaction with its new state
    /// (locked; another scheduler skips it).
    package func sendIfDue(_ id: UUID, tenant: UUID, now: Date, draft: TemplateDraftBuilder) async throws -> DueOutcome
    {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT contact_id, template_id, channel_id, parameters_sealed FROM scheduled_messages
                WHERE id = \(id) AND state = 'scheduled' AND send_at <= \(now) FOR UPDATE SKIP LOCKED
                """,
                logger: Database.silentLogger
            )
            var found: (UUID, UUID, UUID?, Data?)?
            for try await row in rows.decode((UUID, UUID, UUID?, Data?).self) { found = row }
            guard let (contact, template, channel, sealed) = found else { return .notDue }
            let outcome = try await AutomatedSend.template(
                template,
                to: contact,
                channel: channel,
                origin: "schedule",
                purpose: "scheduled_message",
                arguments: { subject in try sealed.map { try Self.open($0, subject, id, tenant) } },
                tenant: tenant,
                now: now,
                draft: draft,
                outbox: outbox,
                keys: keys,
                on: connection
            )
            switch outcome {
            case .sent(let message):
                try await connection.run(
                    """
                    UPDATE scheduled_messages SET state = 'sent', message_id = \(message), updated_at = now()
                    WHERE id = \(id)
                    """
                )
            case .skipped(let reason):
                try await connection.run(
                    """
                    UPDATE scheduled_messages SET state = 'skipped', skipped_reason = \(reason), updated_at = now()
                    WHERE id = \(id)
                    """
                )
            case .unresponsive, .notDue:
                break
            }
            return outcome
        }
    }

    static func address(_ subject: ContactSubject, _ id: UUID, _ tenant: UUID) -> FieldAddress {
        subject.address("scheduled_messages", "parameters_sealed", row: id, tenant: tenant)
    }

    static func open(_ sealed: Data, _ subject: ContactSubject, _ id: UUID, _ tenant: UUID) throws -> TemplateArguments
    {
        guard let plain = try? subject.key.openBytes(sealed, at: address(subject, id, tenant)) else {
            throw SealedDataError(.valueUnreadable, table: "scheduled_messages", column: "parameters_sealed", row: id)
        }
        return try JSONDecoder().decode(TemplateArguments.self, from: plain)
    }
}
