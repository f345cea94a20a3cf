package import Foundation
package import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Outbound messages: queued with the checks that must pass first (conversation open,
/// opt-outs, invalid number, 24-hour window, consent), then claimed and settled by the
/// sender (``OutboxRepository+Delivery.swift``).
package struct OutboxRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Why a message was not queued.
    package enum Refusal: Error, Sendable, Equatable {
        case conversationNotFound
        case contactNotFound
        case conversationClosed
        /// The conversation is not a WhatsApp one (attendance events only record messages).
        case notWhatsApp
        case noChannel
        /// The `channel` asked for is not one of the tenant's usable numbers.
        case channelNotFound
        case rule(SendRules.Refusal)
    }

    /// A message to queue.
    package struct Draft: Sendable {
        package var content: MessageContent
        /// The Graph API request body to send, without the recipient (JSON text).
        package var request: @Sendable (_ recipientWhatsAppID: String, _ messageID: UUID) throws -> String
        package var templateCategory: String?
        package var replyTo: String?
        package var sentBy: UUID?
        /// Who started it (`messages.origin`): agent, api, ai, or an automation.
        package var origin: String

        package init(
            content: MessageContent,
            templateCategory: String?,
            replyTo: String?,
            sentBy: UUID?,
            origin: String,
            request: @escaping @Sendable (String, UUID) throws -> String
        ) {
            self.content = content
            self.templateCategory = templateCategory
            self.replyTo = replyTo
            self.sentBy = sentBy
            self.origin = origin
            self.request = request
        }
    }

    /// Queues `draft` in `conversation`; `audit` describes the event committed with it.
    /// - Throws: ``Refusal`` when a check fails (nothing is written).
    package func enqueue(
        tenant: UUID,
        conversation id: UUID,
        _ draft: Draft,
        now: Date = Date(),
        audit: (StoredMessage, Conversation) -> AuditDraft
    ) async throws -> (StoredMessage, Conversation) {
        try await database.withTenant(tenant) { connection in
            try await enqueue(tenant: tenant, conversation: id, draft, now: now, audit: audit, on: connection)
        }
    }

    /// ``enqueue(tenant:conversation:_:now:audit:)`` in the caller's transaction (tenant scope set).
    package func enqueue(
        tenant: UUID,
        conversation id: UUID,
        _ draft: Draft,
        now: Date = Date(),
        audit: (StoredMessage, Conversation) -> AuditDraft,
        on connection: PostgresConnection
    ) async throws -> (StoredMessage, Conversation) {
        guard let (conversation, _) = try await ConversationRepository.conversation(id, on: connection, lock: true)
        else { throw Refusal.conversationNotFound }
        guard conversation.source == "whatsapp", let contact = conversation.contactID,
            let channel = conversation.channelID
        else { throw Refusal.notWhatsApp }
        guard conversation.status == .open else { throw Refusal.conversationClosed }
        return try await queue(
            draft,
            tenant: tenant,
            conversation: conversation,
            contact: contact,
            channel: channel,
            now: now,
            audit: audit,
            on: connection
        )
    }

    /// Queues `draft` to `contact`: in its open conversation on `channel` (the tenant's first
    /// active number when nil), or in a new one the business starts.
    package func enqueue(
        tenant: UUID,
        contact: UUID,
        channel: UUID?,
        _ draft: Draft,
        now: Date = Date(),
        audit: (StoredMessage, Conversation) -> AuditDraft
    ) async throws -> (StoredMessage, Conversation) {
        try await database.withTenant(tenant) { connection in
            try await enqueue(
                tenant: tenant,
                contact: contact,
                channel: channel,
                draft,
                now: now,
                audit: audit,
                on: connection
            )
        }
    }

    /// ``enqueue(tenant:contact:channel:_:now:audit:)`` in the caller's transaction (tenant scope set).
    package func enqueue(
        tenant: UUID,
        contact: UUID,
        channel: UUID?,
        _ draft: Draft,
        now: Date = Date(),
        audit: (StoredMessage, Conversation) -> AuditDraft,
        on connection: PostgresConnection
    ) async throws -> (StoredMessage, Conversation) {
        // The number asked for, or the tenant's first active one (a number whose token
        // expired still queues: its messages go once an admin sets a new token).
        let channels = try await connection.query(
            """
            SELECT id FROM whatsapp_channels
            WHERE status <> 'disabled' AND (\(channel)::uuid IS NULL OR id = \(channel)::uuid)
            ORDER BY status = 'active' DESC, created_at, id LIMIT 1
            """,
            logger: Database.silentLogger
        )
        var chosen: UUID?
        for try await id in channels.decode(UUID.self) { chosen = id }
        guard let chosen else { throw channel == nil ? Refusal.noChannel : Refusal.channelNotFound }
        try await connection.run(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.uuidString + ":conv:" + contact.uuidString), 0))"
        )
        let open = try await connection.query(
            """
            SELECT id FROM conversations WHERE contact_id = \(contact) AND channel_id = \(chosen)
              AND status = 'open' AND source = 'whatsapp'
            """,
            logger: Database.silentLogger
        )
        var existing: UUID?
        for try await id in open.decode(UUID.self) { existing = id }
        let conversationID: UUID
        if let existing {
            conversationID = existing
        } else {
            guard try await Self.liveContact(contact, on: connection) else { throw Refusal.contactNotFound }
            // The customer-service window belongs to the contact and the number, not to one
            // conversation: a new one keeps the time of the customer's last message.
            conversationID = UUID()
            try await connection.run(
                """
                INSERT INTO conversations (id, tenant_id, source, contact_id, channel_id, subject_id, last_inbound_at)
                VALUES (\(conversationID), \(tenant), 'whatsapp', \(contact), \(chosen), \(contact),
                    (SELECT max(last_inbound_at) FROM conversations
                     WHERE contact_id = \(contact) AND channel_id = \(chosen)))
                """
            )
        }
        guard let (conversation, _) = try await ConversationRepository.conversation(conversationID, on: connection)
        else { throw Refusal.conversationNotFound }
        return try await queue(
            draft,
            tenant: tenant,
            conversation: conversation,
            contact: contact,
            channel: chosen,
            now: now,
            audit: audit,
            on: connection
        )
    }

    private static func liveContact(_ contact: UUID, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 FROM contacts WHERE id = \(contact) AND merged_into IS NULL",
            logger: Database.silentLogger
        )
        for try await _ in rows { return true }
        return false
    }

    private func queue(
        _ draft: Draft,
        tenant: UUID,
        conversation: Conversation,
        contact: UUID,
        channel: UUID,
        now: Date,
        audit: (StoredMessage, Conversation) -> AuditDraft,
        on connection: PostgresConnection
    ) async throws -> (StoredMessage, Conversation) {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: ContactRow.columns), c.marketing_opt_out_at IS NOT NULL, c.whatsapp_status
            FROM \(unescaped: ContactRow.from) WHERE c.id = \(contact) AND c.merged_into IS NULL FOR UPDATE OF c
            """,
            logger: Database.silentLogger
        )
        var found: (ContactRow, Bool, String)?
        for try await row in rows.decode(
            (
                UUID, UUID, Data?, Data?, Data?, Data?, Data?, Data?, [String], String, Int32?, String?, Date, Date,
                UUID?,
                Bool, String
            ).self
        ) {
            found = (
                ContactRow(
                    (
                        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12,
                        row.13, row.14
                    )
                ), row.15, row.16
            )
        }
        guard let (row, marketingOptOut, whatsappStatus) = found, let opened = try row.open(tenant: tenant, keys: keys)
        else { throw Refusal.contactNotFound }
        let recipient = SendRules.Recipient(
            optIn: opened.fields.optIn,
            marketingOptOut: marketingOptOut,
            invalidNumber: whatsappStatus == "invalid_number",
            lastInboundAt: conversation.lastInboundAt
        )
        if let refusal = SendRules.refusal(
            sending: draft.content,
            templateCategory: draft.templateCategory,
            to: recipient,
            at: now
        ) {
            throw Refusal.rule(refusal)
        }
        let to =
            opened.fields.whatsappID?.digits
            ?? opened.fields.phones.first { $0.valid }?.phoneNumber.map { String($0.digits) }
        guard let to else { throw Refusal.rule(.invalidNumber) }
        let id = UUID()
        let key = try keys.subjectKey(row.wrappedKey, tenant: tenant, subject: row.subject)
        let content = try key.seal(
            try draft.content.encoded(),
            at: MessageSealing.address(tenant: tenant, message: id, subject: conversation.contactID ?? contact)
        )
        let request = try key.seal(
            try draft.request(to, id),
            at: MessageSealing.outboxAddress(tenant: tenant, message: id, subject: contact)
        )
        let stamps = try await connection.query(
            """
            WITH message AS (
                INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, content_sealed, reply_to, status,
                    sent_by, origin)
                VALUES (\(id), \(tenant), \(conversation.id), 'outbound', \(draft.content.type), \(content),
                    \(draft.replyTo)::text, 'queued', \(draft.sentBy)::uuid, \(draft.origin))
                RETURNING occurred_at, updated_at
            ), touched AS (
                UPDATE conversations SET updated_at = now() WHERE id = \(conversation.id)
            )
            SELECT occurred_at, updated_at FROM message
            """,
            logger: Database.silentLogger
        )
        var times = (now, now)
        for try await value in stamps.decode((Date, Date).self) { times = value }
        try await connection.run(
            """
            INSERT INTO outbox (message_id, tenant_id, channel_id, request_sealed)
            VALUES (\(id), \(tenant), \(channel), \(request))
            """
        )
        let message = StoredMessage(
            id: id,
            conversationID: conversation.id,
            direction: "outbound",
            wamid: nil,
            content: draft.content,
            replyTo: draft.replyTo,
            status: "queued",
            errorCode: nil,
            errorTitle: nil,
            errorReason: nil,
            sentBy: draft.sentBy,
            mediaStored: false,
            occurredAt: times.0,
            updatedAt: times.1
        )
        _ = try await AuditLedger.append([audit(message, conversation)], tenant: tenant, on: connection)
        return (message, conversation)
    }
}
