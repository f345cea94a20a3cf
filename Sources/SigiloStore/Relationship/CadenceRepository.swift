package import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Relationship cadences: set, read, listed by state, and sent when due by the scheduler
/// (``CadenceRepository+Due.swift``).
package struct CadenceRepository: Sendable {
    let database: Database
    let keys: CRMKeys
    let outbox: OutboxRepository

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
        outbox = OutboxRepository(database: database, keys: keys)
    }

    static let columns = """
        k.contact_id, c.cadence_every, c.cadence_unit, k.template_id, k.channel_id, k.parameters_sealed, k.next_due_at,
        k.attempts, k.last_sent_at, k.last_message_id, k.state, k.skipped_reason, c.whatsapp_status = 'invalid_number',
        k.updated_at
        """
    static let from = "contact_cadences k JOIN contacts c ON c.id = k.contact_id AND c.merged_into IS NULL"
    typealias Row = (
        UUID, Int32?, String?, UUID, UUID?, Data?, Date, Int32, Date?, UUID?, String, String?, Bool, Date
    )

    /// Sets the contact's cadence (its interval on the contact too), active from now.
    /// - Returns: nil when the tenant has no such contact.
    /// - Throws: ``StoreError`` `missingReference` for a template or number not of the tenant.
    package func set(
        _ plan: CadencePlan,
        contact: UUID,
        tenant: UUID,
        now: Date = Date(),
        audit: AuditDraft
    )
        async throws -> ContactCadence?
    {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection -> ContactCadence? in
                guard let subject = try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection)
                else { return nil }
                let sealed = try plan.arguments.map {
                    ByteBuffer(
                        bytes: try subject.key.seal(
                            bytes: try JSONEncoder().encode($0),
                            at: Self.address(subject, tenant)
                        )
                    )
                }
                let due = plan.firstDueAt ?? plan.interval.nextDue(after: now, now: now)
                try await connection.run(
                    """
                    UPDATE contacts SET cadence_every = \(Int32(plan.interval.every)),
                        cadence_unit = \(plan.interval.unit.rawValue), updated_at = now()
                    WHERE id = \(contact)
                    """
                )
                try await connection.run(
                    """
                    INSERT INTO contact_cadences (tenant_id, contact_id, template_id, channel_id, parameters_sealed,
                        next_due_at)
                    VALUES (\(tenant), \(contact), \(plan.templateID), \(plan.channelID)::uuid, \(sealed)::bytea, \(due))
                    ON CONFLICT (tenant_id, contact_id) DO UPDATE SET template_id = EXCLUDED.template_id,
                        channel_id = EXCLUDED.channel_id, parameters_sealed = EXCLUDED.parameters_sealed,
                        next_due_at = EXCLUDED.next_due_at, attempts = 0, state = 'active',
                        state_changed_at = now(), skipped_reason = NULL, updated_at = now()
                    """
                )
                var event = audit
                event.resourceID = contact.uuidString.lowercased()
                event.subjectID = contact.uuidString.lowercased()
                _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
                return try await cadence(contact, subject: subject, tenant: tenant, on: connection)
            }
        }
    }

    /// The contact's cadence; nil when it has none (or there is no such contact).
    package func find(contact: UUID, tenant: UUID) async throws -> ContactCadence? {
        try await database.withTenant(tenant) { connection in
            guard
                let subject = try await ContactSubject.lock(
                    contact,
                    tenant: tenant,
                    keys: keys,
                    forUpdate: false,
                    on: connection
                )
            else { return nil }
            return try await cadence(contact, subject: subject, tenant: tenant, on: connection)
        }
    }

    /// Removes the cadence and the contact's interval; false when there was none.
    package func remove(contact: UUID, tenant: UUID, audit: AuditDraft) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "DELETE FROM contact_cadences WHERE contact_id = \(contact) RETURNING contact_id",
                logger: Database.silentLogger
            )
            var removed = false
            for try await _ in rows { removed = true }
            guard removed else { return false }
            try await connection.run(
                "UPDATE contacts SET cadence_every = NULL, cadence_unit = NULL, updated_at = now() WHERE id = \(contact)"
            )
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return true
        }
    }

    /// Makes an unresponsive or paused cadence active again, due at `at` (now when nil).
    package func resume(
        contact: UUID,
        at: Date?,
        tenant: UUID,
        now: Date = Date(),
        audit: AuditDraft
    ) async throws
        -> ContactCadence?
    {
        try await database.withTenant(tenant) { connection -> ContactCadence? in
            guard let subject = try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection)
            else { return nil }
            let rows = try await connection.query(
                """
                UPDATE contact_cadences SET state = 'active', attempts = 0, state_changed_at = now(),
                    next_due_at = \(at ?? now), skipped_reason = NULL, updated_at = now()
                WHERE contact_id = \(contact) RETURNING contact_id
                """,
                logger: Database.silentLogger
            )
            var resumed = false
            for try await _ in rows { resumed = true }
            guard resumed else { return nil }
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return try await cadence(contact, subject: subject, tenant: tenant, on: connection)
        }
    }

    /// Which cadences a list shows.
    package enum Listing: String, Sendable, CaseIterable {
        /// Active and due by now (waiting for the scheduler).
        case due
        case unresponsive
        /// Numbers Meta reported undeliverable.
        case invalid
        case all
    }

    /// A page of cadences in contact-id order (arguments not opened: lists carry no personal data).
    package func list(
        _ listing: Listing,
        tenant: UUID,
        now: Date = Date(),
        after: UUID?,
        limit: Int
    ) async throws
        -> [ContactCadence]
    {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from)
                WHERE (\(listing.rawValue) <> 'due'
                       OR (k.state = 'active' AND k.next_due_at <= \(now) AND c.whatsapp_status = 'ok'))
                  AND (\(listing.rawValue) <> 'unresponsive' OR k.state = 'unresponsive')
                  AND (\(listing.rawValue) <> 'invalid' OR c.whatsapp_status = 'invalid_number')
                  AND (\(after)::uuid IS NULL OR k.contact_id > \(after)::uuid)
                ORDER BY k.contact_id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var found: [ContactCadence] = []
            for try await row in rows.decode(Row.self) { found.append(Self.cadence(row, arguments: nil)) }
            return found
        }
    }

    func cadence(
        _ contact: UUID,
        subject: ContactSubject,
        tenant: UUID,
        on connection: PostgresConnection
    )
        async throws -> ContactCadence?
    {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) WHERE k.contact_id = \(contact)",
            logger: Database.silentLogger
        )
        for try await row in rows.decode(Row.self) {
            return Self.cadence(row, arguments: try row.5.map { try Self.open($0, subject, tenant) })
        }
        return nil
    }

    static func cadence(_ row: Row, arguments: TemplateArguments?) -> ContactCadence {
        ContactCadence(
            contactID: row.0,
            interval: row.1.flatMap { every in
                row.2.flatMap(Cadence.Unit.init(rawValue:)).map { Cadence(every: Int(every), unit: $0) }
            },
            templateID: row.3,
            channelID: row.4,
            arguments: arguments,
            nextDueAt: row.6,
            attempts: Int(row.7),
            lastSentAt: row.8,
            lastMessageID: row.9,
            state: ContactCadence.State(rawValue: row.10) ?? .paused,
            skippedReason: row.11,
            invalidNumber: row.12,
            updatedAt: row.13
        )
    }

    static func address(_ subject: ContactSubject, _ tenant: UUID) -> FieldAddress {
        subject.address("contact_cadences", "parameters_sealed", row: subject.contact, tenant: tenant)
    }

    static func open(_ sealed: Data, _ subject: ContactSubject, _ tenant: UUID) throws -> TemplateArguments {
        guard let plain = try? subject.key.openBytes(sealed, at: address(subject, tenant)) else {
            throw SealedDataError(
                .valueUnreadable,
                table: "contact_cadences",
                column: "parameters_sealed",
                row: subject.contact
            )
        }
        return try JSONDecoder().decode(TemplateArguments.self, from: plain)
    }
}
