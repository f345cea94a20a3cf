package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Consent records (LGPD Arts. 7 I, 8): grants and revocations per contact and purpose, kept
/// as history. A WhatsApp purpose also moves the contact's send state, which the send path
/// checks: a grant opts the contact in, a revocation of `whatsapp_service` opts them out and
/// one of `whatsapp_marketing` stops marketing templates.
package struct ConsentRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// What to record.
    package struct Change: Sendable {
        package var purpose: ConsentPurpose
        package var status: ConsentRecord.Status
        package var legalBasis: LegalBasis
        package var channel: String
        package var evidence: String?
        package var occurredAt: Date

        package init(
            purpose: ConsentPurpose,
            status: ConsentRecord.Status,
            legalBasis: LegalBasis,
            channel: String,
            evidence: String?,
            occurredAt: Date
        ) {
            self.purpose = purpose
            self.status = status
            self.legalBasis = legalBasis
            self.channel = channel
            self.evidence = evidence
            self.occurredAt = occurredAt
        }
    }

    /// Records `change` for `contact` with its audit event, in one transaction.
    /// - Returns: the record, or nil when the tenant has no such live contact.
    package func record(
        _ change: Change,
        contact: UUID,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> ConsentRecord? {
        try await database.withTenant(tenant) { connection in
            guard let subject = try await ContactSubject.lock(contact, tenant: tenant, keys: keys, on: connection)
            else {
                return nil
            }
            let id = UUID()
            let evidence = try change.evidence.map {
                try subject.key.seal($0, at: Self.evidenceAddress(id, subject: subject.subject, tenant: tenant))
            }
            let rows = try await connection.query(
                """
                INSERT INTO consents (id, tenant_id, contact_id, purpose, status, legal_basis, channel, evidence_sealed,
                    recorded_by, occurred_at)
                VALUES (\(id), \(tenant), \(contact), \(change.purpose.rawValue), \(change.status.rawValue),
                    \(change.legalBasis.rawValue), \(change.channel), \(evidence)::bytea, \(audit.actorID),
                    \(change.occurredAt))
                RETURNING created_at
                """,
                logger: Database.silentLogger
            )
            var createdAt = Date()
            for try await value in rows.decode(Date.self) { createdAt = value }
            // Only the purpose's current record (the latest by when it was given) decides what
            // may be sent: a backdated record joins the history without overriding a later one.
            if try await Self.isCurrent(id, purpose: change.purpose, contact: contact, on: connection) {
                try await Self.applyToSendState(change, contact: contact, on: connection)
            }
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return ConsentRecord(
                id: id,
                contact: contact,
                purpose: change.purpose,
                status: change.status,
                legalBasis: change.legalBasis,
                channel: change.channel,
                evidence: change.evidence,
                recordedBy: audit.actorID,
                occurredAt: change.occurredAt,
                createdAt: createdAt
            )
        }
    }

    /// The contact's consent history, newest first; nil when the tenant has no such contact.
    package func history(contact: UUID, tenant: UUID) async throws -> [ConsentRecord]? {
        try await database.withTenant(tenant) { connection in
            let subject = try await ContactSubject.lock(
                contact,
                tenant: tenant,
                keys: keys,
                forUpdate: false,
                on: connection
            )
            guard let subject else { return nil }
            return try await Self.history(of: subject, tenant: tenant, on: connection)
        }
    }

    static func history(
        of subject: ContactSubject,
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws -> [ConsentRecord] {
        let rows = try await connection.query(
            """
            SELECT id, purpose, status, legal_basis, channel, evidence_sealed, recorded_by, occurred_at, created_at
            FROM consents WHERE contact_id = \(subject.contact)
            ORDER BY occurred_at DESC, created_at DESC
            """,
            logger: Database.silentLogger
        )
        var records: [ConsentRecord] = []
        for try await (id, purpose, status, basis, channel, evidence, recordedBy, occurredAt, createdAt) in rows.decode(
            (UUID, String, String, String, String, Data?, String, Date, Date).self
        ) {
            guard let purpose = ConsentPurpose(rawValue: purpose), let status = ConsentRecord.Status(rawValue: status),
                let basis = LegalBasis(rawValue: basis)
            else { continue }
            let opened = try evidence.map {
                try Self.openEvidence($0, id: id, key: subject.key, subject: subject.subject, tenant: tenant)
            }
            records.append(
                ConsentRecord(
                    id: id,
                    contact: subject.contact,
                    purpose: purpose,
                    status: status,
                    legalBasis: basis,
                    channel: channel,
                    evidence: opened,
                    recordedBy: recordedBy,
                    occurredAt: occurredAt,
                    createdAt: createdAt
                )
            )
        }
        return records
    }

    /// Where a record's evidence is bound: its row, under its contact's subject.
    static func evidenceAddress(_ id: UUID, subject: UUID, tenant: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "consents", column: "evidence_sealed", row: id, subject: subject)
    }

    static func openEvidence(
        _ sealed: Data,
        id: UUID,
        key: SubjectKey,
        subject: UUID,
        tenant: UUID
    ) throws(SealedDataError) -> String {
        do {
            return try key.open(sealed, at: evidenceAddress(id, subject: subject, tenant: tenant))
        } catch {
            throw SealedDataError(.valueUnreadable, table: "consents", column: "evidence_sealed", row: id)
        }
    }

    /// Moves a merged-away contact's consent history to the survivor, resealing its evidence
    /// under the survivor's key (the absorbed key is destroyed by the merge).
    static func move(
        from absorbed: UUID,
        fromSubject: UUID,
        fromKey: SubjectKey,
        to survivor: UUID,
        toSubject: UUID,
        toKey: SubjectKey,
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            "SELECT id, evidence_sealed FROM consents WHERE contact_id = \(absorbed) AND evidence_sealed IS NOT NULL",
            logger: Database.silentLogger
        )
        var sealed: [(UUID, Data)] = []
        for try await row in rows.decode((UUID, Data).self) { sealed.append(row) }
        var ids: [UUID] = []
        var resealed: [ByteBuffer] = []
        for (id, evidence) in sealed {
            let text = try openEvidence(evidence, id: id, key: fromKey, subject: fromSubject, tenant: tenant)
            ids.append(id)
            resealed.append(
                ByteBuffer(bytes: try toKey.seal(text, at: evidenceAddress(id, subject: toSubject, tenant: tenant)))
            )
        }
        // Owner-only: consents are never updated by the application otherwise.
        try await connection.run(
            """
            SELECT sigilo_consents_move(\(absorbed), \(survivor), \(ids)::uuid[], \(resealed)::bytea[])
            """
        )
    }

    /// Records the WhatsApp opt-in set on the contact record itself (`opt_in` on create or
    /// PATCH) as a `whatsapp_service` grant or revocation, inside the caller's transaction, so
    /// the consent history explains every change of what may be sent.
    static func recordContactOptIn(contact: UUID, optIn: OptInStatus, on connection: PostgresConnection) async throws {
        let status: ConsentRecord.Status
        switch optIn {
        case .optedIn: status = .granted
        case .optedOut: status = .revoked
        case .unknown: return
        }
        try await connection.run(
            """
            INSERT INTO consents (id, tenant_id, contact_id, purpose, status, legal_basis, channel, recorded_by,
                occurred_at)
            SELECT gen_random_uuid(), c.tenant_id, c.id, 'whatsapp_service', \(status.rawValue), 'consent', 'api',
                'contact-record', now()
            FROM contacts c WHERE c.id = \(contact)
            """
        )
    }

    /// Revokes the WhatsApp purposes of a contact who opted out over WhatsApp (STOP, or Meta's
    /// 131050 for marketing), inside the caller's transaction.
    static func recordWhatsAppOptOut(
        contact: UUID,
        marketingOnly: Bool,
        recordedBy: String,
        on connection: PostgresConnection
    ) async throws {
        let purposes = marketingOnly ? [ConsentPurpose.whatsappMarketing] : ConsentPurpose.whatsapp
        try await connection.run(
            """
            INSERT INTO consents (id, tenant_id, contact_id, purpose, status, legal_basis, channel, recorded_by,
                occurred_at)
            SELECT gen_random_uuid(), c.tenant_id, c.id, p, 'revoked', 'consent', 'whatsapp', \(recordedBy), now()
            FROM contacts c, unnest(\(purposes.map(\.rawValue))::text[]) AS p
            WHERE c.id = \(contact)
            """
        )
    }

    private static func isCurrent(
        _ id: UUID,
        purpose: ConsentPurpose,
        contact: UUID,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT id FROM consents WHERE contact_id = \(contact) AND purpose = \(purpose.rawValue)
            ORDER BY occurred_at DESC, created_at DESC, id DESC LIMIT 1
            """,
            logger: Database.silentLogger
        )
        for try await latest in rows.decode(UUID.self) { return latest == id }
        return false
    }

    private static func applyToSendState(
        _ change: Change,
        contact: UUID,
        on connection: PostgresConnection
    )
        async throws
    {
        switch (change.purpose, change.status) {
        case (.whatsappService, .granted), (.whatsappMarketing, .granted):
            let clearsMarketingStop = change.purpose == .whatsappMarketing
            try await connection.run(
                """
                UPDATE contacts SET opt_in = 'opted_in',
                    opt_in_changed_at = CASE WHEN opt_in <> 'opted_in' THEN now() ELSE opt_in_changed_at END,
                    marketing_opt_out_at = CASE WHEN \(clearsMarketingStop) THEN NULL ELSE marketing_opt_out_at END,
                    updated_at = now()
                WHERE id = \(contact)
                """
            )
        case (.whatsappService, .revoked):
            try await WhatsAppContactState.setOptOut(contact: contact, marketingOnly: false, on: connection)
        case (.whatsappMarketing, .revoked):
            try await WhatsAppContactState.setOptOut(contact: contact, marketingOnly: true, on: connection)
        case (.aiProcessing, _):
            break
        }
    }
}
