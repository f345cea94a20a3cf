package import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Conversations and their messages, read and opened in the tenant's scope.
package struct ConversationRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Filters of ``list(tenant:filter:after:limit:)``.
    package struct Filter: Sendable {
        package var status: Conversation.Status?
        package var contact: UUID?
        package var channel: UUID?
        package var updatedSince: Date?

        package init(
            status: Conversation.Status? = nil,
            contact: UUID? = nil,
            channel: UUID? = nil,
            updatedSince: Date? = nil
        ) {
            self.status = status
            self.contact = contact
            self.channel = channel
            self.updatedSince = updatedSince
        }
    }

    static let columns = """
        v.id, v.source, v.contact_id, v.channel_id, v.status, v.last_inbound_at, v.opened_at, v.closed_at, \
        v.created_at, v.updated_at
        """
    typealias Decoded = (UUID, String, UUID?, UUID?, String, Date?, Date, Date?, Date, Date)

    static func conversation(_ row: Decoded) -> Conversation {
        Conversation(
            id: row.0,
            source: row.1,
            contactID: row.2,
            channelID: row.3,
            status: Conversation.Status(rawValue: row.4) ?? .closed,
            lastInboundAt: row.5,
            openedAt: row.6,
            closedAt: row.7,
            createdAt: row.8,
            updatedAt: row.9
        )
    }

    /// A page of conversations in id order after `after`.
    package func list(tenant: UUID, filter: Filter, after: UUID?, limit: Int) async throws -> [Conversation] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM conversations v
                WHERE (\(after)::uuid IS NULL OR v.id > \(after)::uuid)
                  AND (\(filter.status?.rawValue)::text IS NULL OR v.status = \(filter.status?.rawValue)::text)
                  AND (\(filter.contact)::uuid IS NULL OR v.contact_id = \(filter.contact)::uuid)
                  AND (\(filter.channel)::uuid IS NULL OR v.channel_id = \(filter.channel)::uuid)
                  AND (\(filter.updatedSince)::timestamptz IS NULL OR v.updated_at >= \(filter.updatedSince)::timestamptz)
                ORDER BY v.id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var found: [Conversation] = []
            for try await row in rows.decode(Decoded.self) { found.append(Self.conversation(row)) }
            return found
        }
    }

    /// One conversation with its latest `limit` messages (oldest of them first), opened.
    package func find(tenant: UUID, id: UUID, limit: Int = 500) async throws -> (Conversation, [StoredMessage])? {
        try await database.withTenant(tenant) { connection in
            guard let (conversation, subject) = try await Self.conversation(id, on: connection) else { return nil }
            let rows = try await connection.query(
                """
                SELECT m.id, m.direction, m.wamid, m.content_sealed, m.reply_to, m.status, m.error_code, m.error_title,
                    m.sent_by, m.media_sealed IS NOT NULL, m.occurred_at, m.updated_at, k.wrapped, m.error_reason
                FROM messages m LEFT JOIN subject_keys k ON k.subject_id = \(subject)
                WHERE m.conversation_id = \(id)
                ORDER BY m.occurred_at DESC, m.created_at DESC, m.id DESC LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var messages: [StoredMessage] = []
            var key: SubjectKey?
            for try await row in rows.decode(
                (UUID, String, String?, Data, String?, String, Int32?, String?, UUID?, Bool, Date, Date, Data?, String?)
                    .self
            ) {
                let opened = try key ?? keys.subjectKey(row.12, tenant: tenant, subject: subject)
                key = opened
                let content = try MessageSealing.open(
                    row.3,
                    key: opened,
                    tenant: tenant,
                    message: row.0,
                    subject: subject
                )
                messages.append(
                    StoredMessage(
                        id: row.0,
                        conversationID: id,
                        direction: row.1,
                        wamid: row.2,
                        content: content,
                        replyTo: row.4,
                        status: row.5,
                        errorCode: row.6.map(Int.init),
                        errorTitle: row.7,
                        errorReason: row.13,
                        sentBy: row.8,
                        mediaStored: row.9,
                        occurredAt: row.10,
                        updatedAt: row.11
                    )
                )
            }
            return (conversation, messages.reversed())
        }
    }

    /// Closes or reopens a conversation.
    /// - Returns: nil when there is no such conversation.
    /// - Throws: ``StoreError`` `conflict` when reopening a WhatsApp conversation whose contact
    ///   has another open one on the same number.
    package func setStatus(tenant: UUID, id: UUID, to status: Conversation.Status) async throws -> Conversation? {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE conversations v SET status = \(status.rawValue),
                        closed_at = CASE WHEN \(status.rawValue) = 'closed' THEN COALESCE(v.closed_at, now()) END,
                        opened_at = CASE WHEN v.status = 'closed' AND \(status.rawValue) = 'open' THEN now()
                            ELSE v.opened_at END,
                        updated_at = CASE WHEN v.status = \(status.rawValue) THEN v.updated_at ELSE now() END,
                        ticket_status = CASE WHEN v.status = \(status.rawValue) THEN v.ticket_status ELSE 'open' END,
                        pending_since = CASE WHEN v.status = \(status.rawValue) THEN v.pending_since END,
                        snoozed_until = CASE WHEN v.status = \(status.rawValue) THEN v.snoozed_until END
                    WHERE v.id = \(id)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                for try await row in rows.decode(Decoded.self) { return Self.conversation(row) }
                return nil
            }
        }
    }

    /// The customer's latest message in the conversation and the number it came to, for
    /// mark-as-read.
    package func lastInbound(tenant: UUID, conversation: UUID) async throws -> (wamid: String, channel: UUID)? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT m.wamid, v.channel_id FROM messages m
                JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id
                WHERE m.conversation_id = \(conversation) AND m.direction = 'inbound' AND m.wamid IS NOT NULL
                  AND v.channel_id IS NOT NULL
                ORDER BY m.occurred_at DESC LIMIT 1
                """,
                logger: Database.silentLogger
            )
            for try await (wamid, channel) in rows.decode((String, UUID).self) { return (wamid, channel) }
            return nil
        }
    }

    /// The conversation and the data subject whose key seals its messages.
    static func conversation(
        _ id: UUID,
        on connection: PostgresConnection,
        lock: Bool = false
    ) async throws
        -> (Conversation, UUID)?
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns), v.subject_id FROM conversations v WHERE v.id = \(id)
            \(unescaped: lock ? "FOR UPDATE" : "")
            """,
            logger: Database.silentLogger
        )
        for try await row in rows.decode(
            (UUID, String, UUID?, UUID?, String, Date?, Date, Date?, Date, Date, UUID).self
        ) {
            return (conversation((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9)), row.10)
        }
        return nil
    }
}
