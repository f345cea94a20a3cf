package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Contacts, sealed at rest: each contact is a data subject with its own key; phones, e-mails
/// and WhatsApp ids are found through blind indexes. Every query runs in the tenant's
/// row-level security scope.
package struct ContactRepository: Sendable {
    /// What a contact id leads to.
    package enum Found: Sendable, Equatable {
        case contact(Contact)
        /// The contact was merged into another; its id now points there.
        case merged(into: UUID)
    }

    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Stores a new contact: a fresh data key, the sealed fields, the blind-index entries, in
    /// one statement (the foreign keys between them are checked at its end).
    package func create(tenant: UUID, fields: ContactFields) async throws -> Contact {
        try await database.withTenant(tenant) { connection in
            let contact = try await insert(id: UUID(), tenant: tenant, fields: fields, on: connection).contact
            try await ConsentRepository.recordContactOptIn(contact: contact.id, optIn: fields.optIn, on: connection)
            return contact
        }
    }

    /// ``create(tenant:fields:)`` inside a transaction the caller holds (tenant already set).
    /// - Returns: the contact and its new data key (callers sealing more for it need no query).
    func insert(
        id: UUID,
        tenant: UUID,
        fields: ContactFields,
        on connection: PostgresConnection
    ) async throws -> (contact: Contact, key: SubjectKey) {
        let (key, wrapped, version) = try keys.newSubjectKey(tenant: tenant, subject: id)
        let sealed = try ContactSealing(key: key, tenant: tenant, row: id, subject: id).seal(fields)
        let (kinds, digests) = try await lookupEntries(tenant: tenant, fields: fields, on: connection)
        let rows = try await connection.query(
            """
            WITH subject_key AS (
                INSERT INTO subject_keys (subject_id, tenant_id, wrapped, kek_version)
                VALUES (\(id), \(tenant), \(wrapped), \(version))
            ), lookups AS (
                INSERT INTO contact_lookups (tenant_id, kind, digest, contact_id)
                SELECT \(tenant), kind, digest, \(id)
                FROM unnest(\(kinds)::text[], \(digests)::integer[]) AS t(kind, digest)
                ON CONFLICT DO NOTHING
            )
            INSERT INTO contacts (id, tenant_id, subject_id, name_sealed, phones_sealed, emails_sealed,
                notes_sealed, whatsapp_id_sealed, tags, opt_in, opt_in_changed_at, cadence_every, cadence_unit)
            VALUES (\(id), \(tenant), \(id), \(sealed.name), \(sealed.phones), \(sealed.emails),
                \(sealed.notes)::bytea, \(sealed.whatsappID)::bytea, \(fields.tags), \(fields.optIn.rawValue),
                CASE WHEN \(fields.optIn.rawValue) = 'unknown' THEN NULL ELSE now() END,
                \(fields.cadence.map { Int32($0.every) })::integer, \(fields.cadence?.unit.rawValue)::text)
            RETURNING created_at, updated_at
            """,
            logger: Database.silentLogger
        )
        var stamps: (Date, Date)?
        for try await row in rows.decode((Date, Date).self) { stamps = row }
        let contact = Contact(id: id, fields: fields, createdAt: stamps?.0 ?? Date(), updatedAt: stamps?.1 ?? Date())
        return (contact, key)
    }

    /// The contact `id`, opened; `nil` when the tenant has no such contact.
    package func find(tenant: UUID, id: UUID) async throws -> Found? {
        // One round trip: the function sets the tenant for its own statement (migration 0006).
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT * FROM sigilo_contact_row(\(tenant), \(id))",
                logger: Database.silentLogger
            )
            guard let row = try await ContactRow.all(rows).first else { return nil }
            if let survivor = row.mergedInto { return .merged(into: survivor) }
            return try row.open(tenant: tenant, keys: keys).map(Found.contact)
        }
    }

    /// A page of live contacts in id order after `after`, optionally only those carrying `tag`
    /// or changed since `updatedSince`.
    package func list(
        tenant: UUID,
        after: UUID?,
        limit: Int,
        tag: String? = nil,
        updatedSince: Date? = nil
    ) async throws -> [Contact] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: ContactRow.columns) FROM \(unescaped: ContactRow.from)
                WHERE c.merged_into IS NULL
                  AND (\(after)::uuid IS NULL OR c.id > \(after)::uuid)
                  AND (\(tag)::text IS NULL OR c.tags @> ARRAY[\(tag)::text])
                  AND (\(updatedSince)::timestamptz IS NULL OR c.updated_at >= \(updatedSince)::timestamptz)
                ORDER BY c.id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            return try await ContactRow.all(rows).compactMap { row in try row.open(tenant: tenant, keys: keys) }
        }
    }

    /// Applies `change` to the contact under a row lock, reseals every field and rebuilds its
    /// blind-index entries; `nil` when there is no such live contact.
    package func update(
        tenant: UUID,
        id: UUID,
        _ change: @Sendable (ContactFields) throws -> ContactFields
    ) async throws -> Found? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: ContactRow.columns) FROM \(unescaped: ContactRow.from)
                WHERE c.id = \(id) FOR UPDATE OF c
                """,
                logger: Database.silentLogger
            )
            guard let row = try await ContactRow.all(rows).first else { return nil }
            if let survivor = row.mergedInto { return .merged(into: survivor) }
            guard let current = try row.open(tenant: tenant, keys: keys) else { return nil }
            let fields = try change(current.fields)
            let key = try keys.subjectKey(row.wrappedKey, tenant: tenant, subject: row.subject)
            let updated = try await write(
                fields,
                previous: current.fields,
                tenant: tenant,
                row: row,
                key: key,
                on: connection
            )
            return .contact(Contact(id: id, fields: fields, createdAt: current.createdAt, updatedAt: updated))
        }
    }

    /// Deletes a live contact with its interactions, blind-index entries and data key.
    /// - Returns: false when there is no such live contact.
    /// A legal hold keeps the contact: the reasons in force.
    package struct Held: Error, Sendable, Equatable {
        package var reasons: [String]
    }

    package func delete(tenant: UUID, id: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let reasons = try await LegalHoldRepository.reasonsInForce(on: id, connection: connection)
            guard reasons.isEmpty else { throw Held(reasons: reasons) }
            // Pointers left by merges into this contact go with it (ON DELETE CASCADE).
            let rows = try await connection.query(
                "DELETE FROM contacts WHERE id = \(id) AND merged_into IS NULL RETURNING subject_id",
                logger: Database.silentLogger
            )
            var subject: UUID?
            for try await value in rows.decode(UUID.self) { subject = value }
            guard let subject else { return false }
            try await connection.run("DELETE FROM subject_keys WHERE subject_id = \(subject)")
            return true
        }
    }

    /// Writes resealed fields over `row` and rebuilds its blind-index entries.
    /// - Returns: the new `updated_at`.
    func write(
        _ fields: ContactFields,
        previous: ContactFields?,
        tenant: UUID,
        row: ContactRow,
        key: SubjectKey,
        on connection: PostgresConnection
    ) async throws -> Date {
        let sealed = try ContactSealing(key: key, tenant: tenant, row: row.id, subject: row.subject).seal(fields)
        let optInChanged = previous.map { $0.optIn != fields.optIn } ?? true
        // A corrected number clears WhatsApp's "undeliverable" mark; a new opt-in clears an
        // earlier stop of marketing messages (Meta's 131050).
        let numbersChanged = previous.map { $0.whatsappID != fields.whatsappID || $0.phones != fields.phones } ?? true
        let optedInAgain = optInChanged && fields.optIn == .optedIn
        let rows = try await connection.query(
            """
            UPDATE contacts SET name_sealed = \(sealed.name), phones_sealed = \(sealed.phones),
                whatsapp_status = CASE WHEN \(numbersChanged) THEN 'ok' ELSE whatsapp_status END,
                marketing_opt_out_at = CASE WHEN \(optedInAgain) THEN NULL ELSE marketing_opt_out_at END,
                emails_sealed = \(sealed.emails), notes_sealed = \(sealed.notes)::bytea,
                whatsapp_id_sealed = \(sealed.whatsappID)::bytea, tags = \(fields.tags),
                opt_in = \(fields.optIn.rawValue),
                opt_in_changed_at = CASE WHEN \(optInChanged) THEN now() ELSE opt_in_changed_at END,
                cadence_every = \(fields.cadence.map { Int32($0.every) })::integer,
                cadence_unit = \(fields.cadence?.unit.rawValue)::text, updated_at = now()
            WHERE id = \(row.id)
            RETURNING updated_at
            """,
            logger: Database.silentLogger
        )
        var updated = Date()
        for try await value in rows.decode(Date.self) { updated = value }
        try await replaceLookups(tenant: tenant, contact: row.id, fields: fields, on: connection)
        if optInChanged {
            try await ConsentRepository.recordContactOptIn(contact: row.id, optIn: fields.optIn, on: connection)
        }
        return updated
    }

    /// Replaces the contact's blind-index entries with those of `fields`.
    func replaceLookups(
        tenant: UUID,
        contact: UUID,
        fields: ContactFields,
        on connection: PostgresConnection
    ) async throws {
        try await connection.run("DELETE FROM contact_lookups WHERE contact_id = \(contact)")
        let (kinds, digests) = try await lookupEntries(tenant: tenant, fields: fields, on: connection)
        guard !kinds.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO contact_lookups (tenant_id, kind, digest, contact_id)
            SELECT \(tenant), kind, digest, \(contact) FROM unnest(\(kinds)::text[], \(digests)::integer[]) AS t(kind, digest)
            ON CONFLICT DO NOTHING
            """
        )
    }

    /// The blind-index entries of `fields`: kinds and 16-bit digests, side by side.
    private func lookupEntries(
        tenant: UUID,
        fields: ContactFields,
        on connection: PostgresConnection
    ) async throws -> ([String], [Int32]) {
        var kinds: [String] = []
        var digests: [Int32] = []
        var indexes: [CRMKeys.LookupKind: BlindIndex] = [:]  // one HKDF derivation per kind
        for (kind, value) in ContactSealing.lookupValues(fields) {
            let index: BlindIndex
            if let known = indexes[kind] {
                index = known
            } else {
                index = try await keys.index(kind, tenant: tenant, on: connection)
                indexes[kind] = index
            }
            kinds.append(kind.rawValue)
            digests.append(index.value(value))
        }
        return (kinds, digests)
    }
}
