package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Writes what one webhook batch says, inside the transaction that holds its events: contacts
/// found or created through the blind indexes, conversations opened, messages stored sealed
/// once per Meta id, delivery statuses moved forward only. Audit events collected here are
/// appended in the same transaction (``finish()``).
package final class InboundWriter {
    /// A contact as inbound processing needs it.
    package struct ContactRef: Sendable, Equatable {
        package var id: UUID
        package var optIn: OptInStatus
        /// Created by this message.
        package var created: Bool
    }

    /// An inbound message to store.
    package struct Inbound: Sendable {
        package var conversation: UUID
        package var contact: UUID
        package var wamid: String
        package var content: MessageContent
        package var replyTo: String?
        package var occurredAt: Date

        package init(
            conversation: UUID,
            contact: UUID,
            wamid: String,
            content: MessageContent,
            replyTo: String?,
            occurredAt: Date
        ) {
            self.conversation = conversation
            self.contact = contact
            self.wamid = wamid
            self.content = content
            self.replyTo = replyTo
            self.occurredAt = occurredAt
        }
    }

    /// The outbound message a status receipt moved.
    package struct StatusApplied: Sendable, Equatable {
        package var message: UUID
        package var conversation: UUID
        package var contact: UUID?
        package var channel: UUID?
    }

    let connection: PostgresConnection
    let tenant: UUID
    let keys: CRMKeys
    private let contacts: ContactRepository
    private var subjectKeys: [UUID: SubjectKey] = [:]
    private var drafts: [AuditDraft] = []

    init(connection: PostgresConnection, tenant: UUID, keys: CRMKeys, database: Database) {
        self.connection = connection
        self.tenant = tenant
        self.keys = keys
        self.contacts = ContactRepository(database: database, keys: keys)
    }

    /// Records `draft` with the batch (appended when the batch commits).
    package func audit(_ draft: AuditDraft) {
        drafts.append(draft)
    }

    func finish() async throws {
        _ = try await AuditLedger.append(drafts, tenant: tenant, on: connection)
        drafts.removeAll()
    }

    /// The contact writing from `whatsappID` and/or business-scoped `userID`, created when new.
    /// A username user is found by their user id first (reference §3: key on the BSUID when
    /// present); a phone match gains the user id. Lookups of one id serialise on an advisory
    /// lock, so a burst of first messages from one person creates one contact.
    package func contact(whatsappID: WhatsAppID?, userID: String?, profileName: String?) async throws -> ContactRef {
        let index = try await keys.index(.whatsapp, tenant: tenant, on: connection)
        let userDigest = userID.map { index.value("user:" + $0) }
        var locks: [Int32] = []
        if let whatsappID { locks.append(whatsappID.lookupForms.map { index.value($0) }.min() ?? 0) }
        if let userDigest { locks.append(userDigest | 0x10000) }
        for lock in locks.sorted() {
            try await connection.run(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.uuidString + ":wa:" + String(lock)), 0))"
            )
        }
        if let userID, let userDigest, let found = try await contact(userID: userID, digest: userDigest) {
            return found
        }
        if let whatsappID,
            let found = try await contacts.search(tenant: tenant, whatsappID: whatsappID, on: connection).first
        {
            if let userID, let userDigest { try await attach(userID: userID, digest: userDigest, to: found.id) }
            return ContactRef(id: found.id, optIn: found.fields.optIn, created: false)
        }
        let phone = whatsappID.flatMap { try? PhoneNumber("+" + $0.digits) }
        // A contact the CRM already has under this phone number (no WhatsApp id recorded yet).
        if let phone, let found = try await contacts.search(tenant: tenant, phone: phone, on: connection).first {
            if let userID, let userDigest { try await attach(userID: userID, digest: userDigest, to: found.id) }
            return ContactRef(id: found.id, optIn: found.fields.optIn, created: false)
        }
        let name = profileName.map { String($0.unicodeScalars.prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        let fields = ContactFields(
            name: name ?? "WhatsApp",
            phones: phone.map { [ContactPhone(number: $0, label: "whatsapp")] } ?? [],
            whatsappID: whatsappID
        )
        let (created, key) = try await contacts.insert(id: UUID(), tenant: tenant, fields: fields, on: connection)
        subjectKeys[created.id] = key
        if let userID, let userDigest { try await attach(userID: userID, digest: userDigest, to: created.id) }
        return ContactRef(id: created.id, optIn: .unknown, created: true)
    }

    private func contact(userID: String, digest: Int32) async throws -> ContactRef? {
        let rows = try await connection.query(
            """
            SELECT u.id, u.user_id_sealed, c.id, c.opt_in FROM whatsapp_user_ids u
            JOIN contacts c ON c.tenant_id = u.tenant_id AND c.id = u.contact_id
            WHERE u.tenant_id = \(tenant) AND u.digest = \(digest) AND c.merged_into IS NULL
            ORDER BY u.created_at
            """,
            logger: Database.silentLogger
        )
        var candidates: [(UUID, Data, UUID, String)] = []
        for try await row in rows.decode((UUID, Data, UUID, String).self) { candidates.append(row) }
        for (row, sealed, contact, optIn) in candidates {
            let key = try await subjectKey(contact)
            let address = FieldAddress(
                tenant: tenant,
                table: "whatsapp_user_ids",
                column: "user_id_sealed",
                row: row,
                subject: contact
            )
            if (try? key.open(sealed, at: address)) == userID {
                return ContactRef(id: contact, optIn: OptInStatus(rawValue: optIn) ?? .unknown, created: false)
            }
        }
        return nil
    }

    private func attach(userID: String, digest: Int32, to contact: UUID) async throws {
        let id = UUID()
        let key = try await subjectKey(contact)
        let address = FieldAddress(
            tenant: tenant,
            table: "whatsapp_user_ids",
            column: "user_id_sealed",
            row: id,
            subject: contact
        )
        try await connection.run(
            """
            INSERT INTO whatsapp_user_ids (id, tenant_id, contact_id, digest, user_id_sealed)
            VALUES (\(id), \(tenant), \(contact), \(digest), \(try key.seal(userID, at: address)))
            """
        )
    }

    /// The open WhatsApp conversation of `contact` on `channel`, opened when there is none (a
    /// closed one stays closed: the customer's new message starts a new conversation). Its
    /// customer-service window now runs from `inboundAt` (never moved back).
    package func conversation(contact: UUID, channel: UUID, inboundAt: Date) async throws -> (id: UUID, opened: Bool) {
        // The lock the send path takes too: a conversation is opened once, by either.
        try await connection.run(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.uuidString + ":conv:" + contact.uuidString), 0))"
        )
        let rows = try await connection.query(
            """
            UPDATE conversations SET last_inbound_at = GREATEST(last_inbound_at, \(inboundAt)), updated_at = now()
            WHERE tenant_id = \(tenant) AND contact_id = \(contact) AND channel_id = \(channel)
              AND status = 'open' AND source = 'whatsapp'
            RETURNING id
            """,
            logger: Database.silentLogger
        )
        for try await id in rows.decode(UUID.self) { return (id, false) }
        let id = UUID()
        try await connection.run(
            """
            INSERT INTO conversations (id, tenant_id, source, contact_id, channel_id, subject_id, last_inbound_at)
            VALUES (\(id), \(tenant), 'whatsapp', \(contact), \(channel), \(contact), \(inboundAt))
            """
        )
        return (id, true)
    }

    /// Stores an inbound message sealed under its contact's key.
    /// - Returns: the new message's id, or nil when Meta's id was already stored (a retry).
    package func insert(_ message: Inbound) async throws -> UUID? {
        let id = UUID()
        let key = try await subjectKey(message.contact)
        let sealed = try key.seal(
            try message.content.encoded(),
            at: MessageSealing.address(tenant: tenant, message: id, subject: message.contact)
        )
        let rows = try await connection.query(
            """
            INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, wamid, content_sealed, reply_to,
                status, media_id, occurred_at)
            VALUES (\(id), \(tenant), \(message.conversation), 'inbound', \(message.content.type), \(message.wamid),
                \(sealed), \(message.replyTo)::text, 'received', \(message.content.media?.id)::text,
                \(message.occurredAt))
            ON CONFLICT (tenant_id, wamid) WHERE wamid IS NOT NULL DO NOTHING
            RETURNING id
            """,
            logger: Database.silentLogger
        )
        for try await inserted in rows.decode(UUID.self) { return inserted }
        return nil
    }

    /// Which of Meta's message ids are already stored (retried deliveries), with the contact of
    /// each one's conversation: one query for a whole batch.
    package func known(wamids: [String]) async throws -> [String: UUID?] {
        guard !wamids.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT m.wamid, c.contact_id FROM messages m
            JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
            WHERE m.tenant_id = \(tenant) AND m.wamid = ANY(\(wamids)::text[])
            """,
            logger: Database.silentLogger
        )
        var found: [String: UUID?] = [:]
        for try await (wamid, contact) in rows.decode((String, UUID?).self) { found[wamid] = contact }
        return found
    }

    /// Moves an outbound message to `status` when `rank` is above its current rank (receipts
    /// arrive in any order; `failed` outranks all and is final). The message is found by
    /// Meta's id, or by our id echoed in `biz_opaque_callback_data` when the receipt beat the
    /// send response.
    /// - Returns: the message moved, or nil when the receipt changes nothing.
    package func applyStatus(
        wamid: String,
        callbackMessage: UUID?,
        status: String,
        rank: Int,
        error: (code: Int, title: String?, reason: String)?
    ) async throws -> StatusApplied? {
        let rows = try await connection.query(
            """
            UPDATE messages m SET status = \(status), status_rank = \(Int32(rank)),
                wamid = COALESCE(m.wamid, \(wamid)),
                error_code = COALESCE(\(error.map { Int32($0.code) })::integer, m.error_code),
                error_title = COALESCE(\(error?.title.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(200))) })::text, m.error_title),
                error_reason = COALESCE(\(error?.reason)::text, m.error_reason),
                updated_at = now()
            FROM conversations c
            WHERE c.tenant_id = m.tenant_id AND c.id = m.conversation_id AND m.direction = 'outbound'
              AND m.status_rank < \(Int32(rank)) AND m.status <> 'cancelled'
              AND (m.wamid = \(wamid) OR (m.wamid IS NULL AND m.id = \(callbackMessage)::uuid))
            RETURNING m.id, m.conversation_id, c.contact_id, c.channel_id
            """,
            logger: Database.silentLogger
        )
        var applied: StatusApplied?
        for try await (id, conversation, contact, channel) in rows.decode((UUID, UUID, UUID?, UUID?).self) {
            applied = StatusApplied(message: id, conversation: conversation, contact: contact, channel: channel)
        }
        if let applied {
            // A receipt settles a send whose outcome was unknown (its instance died mid-call).
            try await connection.run(
                """
                UPDATE outbox SET state = CASE WHEN \(status) = 'failed' THEN 'failed' ELSE 'sent' END, updated_at = now()
                WHERE message_id = \(applied.message) AND state IN ('uncertain', 'sending')
                """
            )
        }
        return applied
    }

    /// The contact of the conversation holding the message Meta knows as `wamid`, if any.
    package func contact(ofMessage wamid: String) async throws -> UUID? {
        let rows = try await connection.query(
            """
            SELECT c.contact_id FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
            WHERE m.tenant_id = \(tenant) AND m.wamid = \(wamid) AND c.contact_id IS NOT NULL
            """,
            logger: Database.silentLogger
        )
        for try await contact in rows.decode(UUID.self) { return contact }
        return nil
    }

    /// Records a contact's opt-out: every business message (`marketingOnly` false: STOP, SAIR,
    /// PARAR) or marketing only (Meta's 131050).
    package func optOut(contact: UUID, marketingOnly: Bool) async throws {
        try await WhatsAppContactState.optOut(
            contact: contact,
            marketingOnly: marketingOnly,
            recordedBy: "whatsapp-webhook",
            on: connection
        )
    }

    /// Marks the contact's WhatsApp number undeliverable (Meta's 131026).
    package func markInvalidNumber(contact: UUID) async throws {
        try await WhatsAppContactState.markInvalidNumber(contact: contact, on: connection)
    }

    /// The key of `subject` from its wrapped form read alongside a row, cached for the batch.
    func subjectKey(_ subject: UUID, wrapped: Data?) throws -> SubjectKey {
        if let key = subjectKeys[subject] { return key }
        let key = try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
        subjectKeys[subject] = key
        return key
    }

    func subjectKey(_ subject: UUID) async throws -> SubjectKey {
        if let key = subjectKeys[subject] { return key }
        let rows = try await connection.query(
            "SELECT wrapped FROM subject_keys WHERE subject_id = \(subject)",
            logger: Database.silentLogger
        )
        var wrapped: Data?
        for try await value in rows.decode(Data.self) { wrapped = value }
        let key = try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
        subjectKeys[subject] = key
        return key
    }
}
