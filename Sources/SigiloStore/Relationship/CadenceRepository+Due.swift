package import Foundation
import PostgresNIO
import SigiloCore

extension CadenceRepository {
    /// Cadences due by `now` across tenants (ids only), oldest first.
    package func due(at now: Date, limit: Int) async throws -> [(tenant: UUID, contact: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT tenant_id, contact_id FROM sigilo_cadences_due(\(now), \(Int32(limit)))",
                logger: Database.silentLogger
            )
            var due: [(tenant: UUID, contact: UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { due.append(row) }
            return due
        }
    }

    /// Sends the contact's cadence message if it is still due at `now`, in one transaction with
    /// its bookkeeping, so two schedulers never send it twice: the row is locked (another
    /// instance skips it) and its due time moves on before the lock is released.
    ///
    /// A contact who wrote since the last send starts counting again; one who left
    /// `unresponsiveAfter` messages unanswered is flagged instead of written to; a number Meta
    /// reported undeliverable, an opt-out or a missing consent skip this turn (the reason kept).
    package func sendIfDue(
        contact: UUID,
        tenant: UUID,
        now: Date,
        draft: TemplateDraftBuilder
    ) async throws -> DueOutcome {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns),
                    (SELECT max(v.last_inbound_at) FROM conversations v WHERE v.contact_id = k.contact_id)
                FROM \(unescaped: Self.from)
                WHERE k.contact_id = \(contact) AND k.state = 'active' AND k.next_due_at <= \(now)
                FOR UPDATE OF k SKIP LOCKED
                """,
                logger: Database.silentLogger
            )
            var found: (Row, Date?)?
            for try await row in rows.decode(
                (
                    UUID, Int32?, String?, UUID, UUID?, Data?, Date, Int32, Date?, UUID?, String, String?, Bool, Date,
                    Date?
                )
                .self
            ) {
                found = (
                    (
                        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11,
                        row.12, row.13
                    ), row.14
                )
            }
            guard let (row, lastInbound) = found else { return .notDue }
            let cadence = Self.cadence(row, arguments: nil)
            guard let interval = cadence.interval else {
                try await settle(contact, state: "paused", skipped: "no_interval", on: connection)
                return .skipped("no_interval")
            }
            let next = interval.nextDue(after: cadence.nextDueAt, now: now)
            let answered = lastInbound.map { inbound in cadence.lastSentAt.map { inbound > $0 } ?? true } ?? false
            let attempts = answered ? 0 : cadence.attempts
            let settings = try await AgentRepository.settings(on: connection)
            if attempts >= settings.unresponsiveAfter {
                try await settle(contact, state: "unresponsive", attempts: attempts, on: connection)
                try await audit("cadence.unresponsive", contact, tenant, ["attempts": "\(attempts)"], on: connection)
                return .unresponsive
            }
            if cadence.invalidNumber {
                try await settle(contact, next: next, attempts: attempts, skipped: "invalid_number", on: connection)
                return .skipped("invalid_number")
            }
            let sealed = row.5
            let outcome = try await AutomatedSend.template(
                cadence.templateID,
                to: contact,
                channel: cadence.channelID,
                origin: "cadence",
                purpose: "relationship_cadence",
                arguments: { subject in try sealed.map { try Self.open($0, subject, tenant) } },
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
                    UPDATE contact_cadences SET attempts = \(Int32(attempts + 1)), last_sent_at = \(now),
                        last_message_id = \(message), next_due_at = \(next), skipped_reason = NULL, updated_at = now()
                    WHERE contact_id = \(contact)
                    """
                )
            case .skipped(let reason):
                try await settle(contact, next: next, attempts: attempts, skipped: reason, on: connection)
            case .unresponsive, .notDue:
                break
            }
            return outcome
        }
    }

    private func settle(
        _ contact: UUID,
        state: String = "active",
        next: Date? = nil,
        attempts: Int? = nil,
        skipped: String? = nil,
        on connection: PostgresConnection
    ) async throws {
        try await connection.run(
            """
            UPDATE contact_cadences SET state = \(state),
                state_changed_at = CASE WHEN state <> \(state) THEN now() ELSE state_changed_at END,
                next_due_at = COALESCE(\(next)::timestamptz, next_due_at),
                attempts = COALESCE(\(attempts.map(Int32.init))::integer, attempts),
                skipped_reason = \(skipped)::text, updated_at = now()
            WHERE contact_id = \(contact)
            """
        )
    }

    private func audit(
        _ action: String,
        _ contact: UUID,
        _ tenant: UUID,
        _ details: [String: String],
        on connection: PostgresConnection
    ) async throws {
        let id = contact.uuidString.lowercased()
        let event = AuditDraft(
            tenantID: tenant,
            actorKind: "system",
            actorID: "cadence",
            action: action,
            resourceType: "contact",
            resourceID: id,
            subjectID: id,
            purpose: "relationship_cadence",
            legalBasis: "legitimate_interest",
            details: details
        )
        _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
    }
}
