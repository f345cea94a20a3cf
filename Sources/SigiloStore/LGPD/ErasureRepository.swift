package import Foundation
import PostgresNIO
package import SigiloCore
package import SigiloCrypto

/// Executes an approved erasure request (LGPD Art. 18 VI, Art. 16) by crypto-shredding: the
/// subject's data key is destroyed, so every value sealed under it (in the database, its
/// replicas and its backups) becomes noise; the rows that held them, the blind-index entries,
/// queued messages and the raw webhook bodies naming the subject are deleted in the same
/// transaction, with the audit event. What remains is pseudonymous: the request, the audit
/// events and the receipt, naming the subject by a random id.
package struct ErasureRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Why an erasure did not run.
    package enum Refusal: Error, Equatable, Sendable {
        case notFound
        /// The request is not an erasure.
        case notErasure(DataSubjectRequest.Kind)
        /// Not approved yet, or closed already.
        case notApproved(DataSubjectRequest.Status)
        /// The subject's data is gone already (erased, or the contact deleted).
        case alreadyErased
        /// Legal holds in force, by reason.
        case legalHold([String])
    }

    /// What an erasure removed, and its signed receipt.
    package struct Receipt: Sendable, Equatable {
        package var id: UUID
        package var request: UUID
        package var subject: UUID
        package var executedAt: Date
        package var executedBy: String
        /// Rows removed per kind of data.
        package var removed: [String: Int]
        /// A signed note (c2sp.org/signed-note) over the facts above, verifiable with the
        /// audit checkpoint public key.
        package var note: String
    }

    /// Erases the subject of request `id`, appending `audit` (its subject and details filled
    /// in here) in the same transaction, and signs a receipt with `signer`.
    package func execute(
        request id: UUID,
        tenant: UUID,
        signer: NoteSigner,
        audit: AuditDraft
    ) async throws -> Receipt {
        try await database.withTenant(tenant) { connection in
            guard let request = try await DSRRepository.find(id, tenant: tenant, keys: keys, lock: true, on: connection)
            else { throw Refusal.notFound }
            guard request.kind == .erasure else { throw Refusal.notErasure(request.kind) }
            if request.status == .completed, request.outcome == "erased" { throw Refusal.alreadyErased }
            guard request.status == .approved else { throw Refusal.notApproved(request.status) }
            guard let contact = request.contact,
                try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection) != nil
            else { throw Refusal.alreadyErased }
            let holds = try await LegalHoldRepository.reasonsInForce(on: contact, connection: connection)
            guard holds.isEmpty else { throw Refusal.legalHold(holds) }

            let removed = try await Self.remove(contact: contact, subject: request.subject, on: connection)
            let executedAt = Date()
            let receiptID = UUID()
            let text = Self.receiptText(
                tenant: tenant,
                receipt: receiptID,
                request: id,
                subject: request.subject,
                executedAt: executedAt,
                executedBy: audit.actorID,
                removed: removed
            )
            let note = try SignedNote.sign(text, with: signer)
            let counts = removed.sorted { $0.key < $1.key }
            try await connection.run(
                """
                INSERT INTO erasures (id, tenant_id, request_id, subject_id, executed_by, executed_at, removed, receipt)
                VALUES (\(receiptID), \(tenant), \(id), \(request.subject), \(audit.actorID), \(executedAt),
                    \(Self.json(counts))::jsonb, \(note))
                """
            )
            try await connection.run(
                """
                UPDATE dsr_requests SET status = 'completed', outcome = 'erased', closed_by = \(audit.actorID),
                    closed_at = now(), updated_at = now()
                WHERE id = \(id)
                """
            )
            // The subject's other pending requests have nothing left to act on.
            try await connection.run(
                """
                UPDATE dsr_requests SET status = 'completed', outcome = 'subject_erased',
                    closed_by = \(audit.actorID), closed_at = now(), updated_at = now()
                WHERE subject_id = \(request.subject) AND id <> \(id) AND status IN ('open', 'approved')
                """
            )
            // The host CRM keeps its own copy: it is told to erase it (Art. 18 §6).
            let notified = try await HostWebhookRepository.enqueue(
                event: "subject.erased",
                payload: Self.notice(
                    tenant: tenant,
                    contact: contact,
                    subject: request.subject,
                    request: id,
                    receipt: receiptID,
                    at: executedAt
                ),
                tenant: tenant,
                on: connection
            )
            var event = audit
            event.resourceID = id.uuidString.lowercased()
            event.subjectID = request.subject.uuidString.lowercased()
            event.details = Dictionary(uniqueKeysWithValues: counts.map { ($0.key, String($0.value)) })
            event.details["host_notified"] = notified ? "queued" : "no_endpoint"
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return Receipt(
                id: receiptID,
                request: id,
                subject: request.subject,
                executedAt: executedAt,
                executedBy: audit.actorID,
                removed: removed,
                note: note
            )
        }
    }

    /// Deletes everything of the subject and destroys its key; returns the counts.
    private static func remove(
        contact: UUID,
        subject: UUID,
        on connection: PostgresConnection
    ) async throws
        -> [String: Int]
    {
        // Contacts merged into this one are pointers to it: their ids name the same person in
        // older webhook bodies.
        let counted = try await connection.query(
            """
            WITH ids AS (
                SELECT id FROM contacts WHERE id = \(contact) OR merged_into = \(contact)
            ), conversations_of AS (
                SELECT id FROM conversations WHERE contact_id IN (SELECT id FROM ids)
            ), cancelled AS (
                UPDATE outbox SET state = 'cancelled', updated_at = now()
                WHERE message_id IN (SELECT id FROM messages WHERE conversation_id IN (SELECT id FROM conversations_of))
                  AND state IN ('pending', 'sending', 'uncertain')
                RETURNING 1
            ), bodies AS (
                DELETE FROM webhook_events WHERE contact_ids && ARRAY(SELECT id FROM ids) RETURNING 1
            )
            SELECT
                (SELECT count(*) FROM conversations_of),
                (SELECT count(*) FROM messages WHERE conversation_id IN (SELECT id FROM conversations_of)),
                (SELECT count(*) FROM cancelled),
                (SELECT count(*) FROM bodies),
                (SELECT count(*) FROM interactions WHERE contact_id = \(contact)),
                (SELECT count(*) FROM consents WHERE contact_id = \(contact)),
                (SELECT count(*) FROM contact_lookups WHERE contact_id IN (SELECT id FROM ids)),
                (SELECT count(*) FROM whatsapp_user_ids WHERE contact_id = \(contact))
            """,
            logger: Database.silentLogger
        )
        var removed: [String: Int] = [:]
        for try await row in counted.decode((Int, Int, Int, Int, Int, Int, Int, Int).self) {
            removed = [
                "contacts": 1, "conversations": row.0, "messages": row.1, "queued_messages_cancelled": row.2,
                "webhook_bodies": row.3, "interactions": row.4, "consents": row.5, "index_entries": row.6,
                "whatsapp_user_ids": row.7, "data_keys": 1,
            ]
        }
        // Interactions, index entries, user ids, consents, holds, conversations, their messages
        // and outbox rows go with the contact (ON DELETE CASCADE); requests keep their row with
        // the contact cleared.
        try await connection.run("DELETE FROM contacts WHERE id = \(contact)")
        try await connection.run("DELETE FROM subject_keys WHERE subject_id = \(subject)")
        return removed
    }

    /// The receipt's signed text: what was erased, by whom and when, ids and counts only.
    static func receiptText(
        tenant: UUID,
        receipt: UUID,
        request: UUID,
        subject: UUID,
        executedAt: Date,
        executedBy: String,
        removed: [String: Int]
    ) -> String {
        var lines = [
            "sigilo erasure receipt v1",
            "receipt " + receipt.uuidString.lowercased(),
            "tenant " + tenant.uuidString.lowercased(),
            "request " + request.uuidString.lowercased(),
            "subject " + subject.uuidString.lowercased(),
            "executed_at " + executedAt.formatted(.iso8601),
            "executed_by " + executedBy,
            "data_key destroyed",
        ]
        for (kind, count) in removed.sorted(by: { $0.key < $1.key }) { lines.append("removed \(kind) \(count)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The host CRM's notice: ids only, which its copy of the contact is keyed on.
    static func notice(tenant: UUID, contact: UUID, subject: UUID, request: UUID, receipt: UUID, at: Date) -> String {
        let fields = [
            ("event", "subject.erased"), ("tenant_id", tenant.uuidString.lowercased()),
            ("contact_id", contact.uuidString.lowercased()), ("subject_id", subject.uuidString.lowercased()),
            ("request_id", request.uuidString.lowercased()), ("receipt_id", receipt.uuidString.lowercased()),
            ("erased_at", at.formatted(.iso8601)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }

    private static func json(_ counts: [(key: String, value: Int)]) -> String {
        "{" + counts.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }
}
