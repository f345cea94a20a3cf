package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

extension ContactRepository {
    /// Why two contacts could not be merged.
    package enum MergeRefusal: Error, Sendable, Equatable {
        /// One of them does not exist in the tenant.
        case notFound(UUID)
        /// One of them was already merged into another contact.
        case alreadyMerged(UUID, into: UUID)
        /// The merged contact would exceed a limit of the API (20 phones, 20 e-mails,
        /// notes of 10,000 characters); the field is named.
        case tooLarge(field: String)
        /// The contact to absorb has WhatsApp conversations, whose messages are sealed under
        /// its key: moving them is not supported yet.
        case hasConversations
        /// The contact to absorb has data-subject requests (their details are sealed under its
        /// key and their subject is its own), or a legal hold is on either contact.
        case hasComplianceRecords
    }

    /// Merges `absorbed` into `survivor`: two records of one person become one.
    ///
    /// The survivor keeps its name and gains the absorbed contact's phones, e-mails and tags
    /// it lacked; notes are joined; an opt-out on either wins. The absorbed contact's
    /// interactions move to the survivor, resealed under the survivor's key. The absorbed row
    /// stays as a pointer (`merged_into`) so its id keeps answering, holding nothing sealed,
    /// and its data key is destroyed. The audit trail keeps both ids.
    package func merge(tenant: UUID, survivor: UUID, absorbed: UUID) async throws -> Contact {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: ContactRow.columns) FROM \(unescaped: ContactRow.from)
                WHERE c.id = ANY(\([survivor, absorbed])::uuid[]) ORDER BY c.id FOR UPDATE OF c
                """,
                logger: Database.silentLogger
            )
            let locked = try await ContactRow.all(rows)
            func live(_ id: UUID) throws -> ContactRow {
                guard let row = locked.first(where: { $0.id == id }) else { throw MergeRefusal.notFound(id) }
                if let into = row.mergedInto { throw MergeRefusal.alreadyMerged(id, into: into) }
                return row
            }
            let kept = try live(survivor)
            let gone = try live(absorbed)
            let conversations = try await connection.query(
                "SELECT 1 FROM conversations WHERE contact_id = \(absorbed) LIMIT 1",
                logger: Database.silentLogger
            )
            for try await _ in conversations { throw MergeRefusal.hasConversations }
            let records = try await connection.query(
                """
                SELECT 1 WHERE EXISTS (SELECT 1 FROM dsr_requests WHERE contact_id = \(absorbed))
                    OR EXISTS (SELECT 1 FROM legal_holds WHERE contact_id IN (\(absorbed), \(survivor))
                               AND released_at IS NULL AND (until IS NULL OR until > now()))
                """,
                logger: Database.silentLogger
            )
            for try await _ in records { throw MergeRefusal.hasComplianceRecords }
            guard let keptContact = try kept.open(tenant: tenant, keys: keys),
                let goneContact = try gone.open(tenant: tenant, keys: keys)
            else { throw MergeRefusal.notFound(survivor) }
            let keptKey = try keys.subjectKey(kept.wrappedKey, tenant: tenant, subject: kept.subject)
            let goneKey = try keys.subjectKey(gone.wrappedKey, tenant: tenant, subject: gone.subject)

            let fields = Self.merged(keptContact.fields, goneContact.fields)
            if fields.phones.count > 20 { throw MergeRefusal.tooLarge(field: "phones") }
            if fields.emails.count > 20 { throw MergeRefusal.tooLarge(field: "emails") }
            if (fields.notes?.count ?? 0) > 10_000 { throw MergeRefusal.tooLarge(field: "notes") }
            try await moveInteractions(
                tenant: tenant,
                from: gone,
                fromKey: goneKey,
                to: kept,
                toKey: keptKey,
                on: connection
            )
            try await ConsentRepository.move(
                from: gone.id,
                fromSubject: gone.subject,
                fromKey: goneKey,
                to: kept.id,
                toSubject: kept.subject,
                toKey: keptKey,
                tenant: tenant,
                on: connection
            )
            let updated = try await write(
                fields,
                previous: keptContact.fields,
                tenant: tenant,
                row: kept,
                key: keptKey,
                on: connection
            )
            try await connection.run(
                """
                UPDATE contacts SET name_sealed = NULL, phones_sealed = NULL, emails_sealed = NULL,
                    notes_sealed = NULL, whatsapp_id_sealed = NULL, tags = '{}', cadence_every = NULL,
                    cadence_unit = NULL, merged_into = \(survivor), merged_at = now(),
                    subject_id = \(kept.subject), updated_at = now()
                WHERE id = \(absorbed) OR merged_into = \(absorbed)
                """
            )
            try await connection.run("DELETE FROM contact_lookups WHERE contact_id = \(absorbed)")
            try await connection.run("DELETE FROM subject_keys WHERE subject_id = \(gone.subject)")
            return Contact(id: survivor, fields: fields, createdAt: keptContact.createdAt, updatedAt: updated)
        }
    }

    /// The fields of one person from two records, the survivor's first.
    static func merged(_ kept: ContactFields, _ gone: ContactFields) -> ContactFields {
        var fields = kept
        for phone in gone.phones where !fields.phones.contains(where: { $0.number == phone.number }) {
            fields.phones.append(phone)
        }
        for email in gone.emails where !fields.emails.contains(where: { $0.address == email.address }) {
            fields.emails.append(email)
        }
        for tag in gone.tags where !fields.tags.contains(tag) { fields.tags.append(tag) }
        fields.tags = Array(fields.tags.prefix(50))
        switch (kept.notes, gone.notes) {
        case (let kept?, let gone?): fields.notes = kept + "\n\n" + gone
        case (nil, let gone?): fields.notes = gone
        default: break
        }
        fields.whatsappID = kept.whatsappID ?? gone.whatsappID
        fields.cadence = kept.cadence ?? gone.cadence
        fields.optIn = kept.optIn.merged(with: gone.optIn)
        return fields
    }

    private func moveInteractions(
        tenant: UUID,
        from gone: ContactRow,
        fromKey: SubjectKey,
        to kept: ContactRow,
        toKey: SubjectKey,
        on connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            "SELECT id, text_sealed FROM interactions WHERE contact_id = \(gone.id) FOR UPDATE",
            logger: Database.silentLogger
        )
        var moved: [(UUID, Data?)] = []
        for try await (id, sealed) in rows.decode((UUID, Data?).self) {
            guard let sealed else {
                moved.append((id, nil))
                continue
            }
            let text = try InteractionSealing.open(
                sealed,
                key: fromKey,
                tenant: tenant,
                row: id,
                subject: gone.subject
            )
            let address = InteractionSealing.address(tenant: tenant, row: id, subject: kept.subject)
            moved.append((id, try toKey.seal(text, at: address)))
        }
        // One statement per interaction: merges are rare and a person has few interactions.
        for (id, text) in moved {
            try await connection.run(
                """
                UPDATE interactions SET contact_id = \(kept.id), text_sealed = \(text)::bytea, updated_at = now()
                WHERE id = \(id)
                """
            )
        }
    }
}
