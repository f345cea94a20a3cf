package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Reads everything held about one data subject for an access or portability export (LGPD
/// Art. 18 II, V), in pages, so a subject with 100,000 messages is never in memory at once.
package struct SubjectExportSource: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// A message as exported: decrypted content, no Meta internals beyond its status.
    package struct ExportedMessage: Sendable {
        package var id: UUID
        package var conversation: UUID
        package var direction: String
        package var status: String
        package var content: MessageContent
        package var occurredAt: Date
    }

    /// A conversation's metadata.
    package struct ExportedConversation: Sendable {
        package var id: UUID
        package var source: String
        package var status: String
        package var createdAt: Date
        package var closedAt: Date?
    }

    /// An access to the subject's data, from the audit chain.
    package struct Access: Sendable {
        package var seq: Int64
        package var occurredAt: Date
        package var actorKind: String
        package var actorID: String
        package var action: String
        package var purpose: String
        package var legalBasis: String
    }

    /// The subject's conversations, oldest first.
    package func conversations(contact: UUID, tenant: UUID) async throws -> [ExportedConversation] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT id, source, status, created_at, closed_at FROM conversations
                WHERE contact_id = \(contact) ORDER BY created_at, id
                """,
                logger: Database.silentLogger
            )
            var found: [ExportedConversation] = []
            for try await (id, source, status, created, closed) in rows.decode((UUID, String, String, Date, Date?).self)
            {
                found.append(
                    ExportedConversation(id: id, source: source, status: status, createdAt: created, closedAt: closed)
                )
            }
            return found
        }
    }

    /// A page of a conversation's messages, in time order after `after` (the last message of
    /// the previous page), each opened under the conversation's subject key.
    package func messages(
        conversation: UUID,
        tenant: UUID,
        after: (occurredAt: Date, id: UUID)?,
        limit: Int
    ) async throws -> [ExportedMessage] {
        try await database.withTenant(tenant) { connection in
            let owner = try await connection.query(
                """
                SELECT c.subject_id, k.wrapped FROM conversations c
                LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
                WHERE c.id = \(conversation)
                """,
                logger: Database.silentLogger
            )
            var subjectKey: (subject: UUID, key: SubjectKey)?
            for try await (subject, wrapped) in owner.decode((UUID, Data?).self) {
                subjectKey = (subject, try keys.subjectKey(wrapped, tenant: tenant, subject: subject))
            }
            guard let (subject, key) = subjectKey else { return [] }
            let rows = try await connection.query(
                """
                SELECT id, direction, status, content_sealed, occurred_at FROM messages
                WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
                  AND (\(after?.occurredAt)::timestamptz IS NULL
                       OR (occurred_at, id) > (\(after?.occurredAt)::timestamptz, \(after?.id)::uuid))
                ORDER BY occurred_at, id
                LIMIT \(Int32(limit))
                """,
                logger: Database.silentLogger
            )
            var page: [ExportedMessage] = []
            for try await (id, direction, status, sealed, occurredAt) in rows.decode(
                (UUID, String, String, Data, Date).self
            ) {
                page.append(
                    ExportedMessage(
                        id: id,
                        conversation: conversation,
                        direction: direction,
                        status: status,
                        content: try MessageSealing.open(
                            sealed,
                            key: key,
                            tenant: tenant,
                            message: id,
                            subject: subject
                        ),
                        occurredAt: occurredAt
                    )
                )
            }
            return page
        }
    }

    /// A page of the audit events naming the subject, after sequence number `after`.
    package func accesses(subject: UUID, tenant: UUID, after: Int64, limit: Int) async throws -> [Access] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT seq, occurred_at, actor_kind, actor_id, action, purpose, legal_basis FROM audit_events
                WHERE tenant_id = \(tenant) AND subject_id = \(subject.uuidString.lowercased()) AND seq > \(after)
                ORDER BY seq LIMIT \(Int32(limit))
                """,
                logger: Database.silentLogger
            )
            var page: [Access] = []
            for try await row in rows.decode((Int64, Date, String, String, String, String, String).self) {
                page.append(
                    Access(
                        seq: row.0,
                        occurredAt: row.1,
                        actorKind: row.2,
                        actorID: row.3,
                        action: row.4,
                        purpose: row.5,
                        legalBasis: row.6
                    )
                )
            }
            return page
        }
    }

    /// The subject's consent history, newest first.
    package func consents(contact: UUID, tenant: UUID) async throws -> [ConsentRecord] {
        try await ConsentRepository(database: database, keys: keys).history(contact: contact, tenant: tenant) ?? []
    }

    /// Every request the subject made, oldest first (details opened).
    package func requests(subject: UUID, tenant: UUID) async throws -> [DataSubjectRequest] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT id FROM dsr_requests WHERE subject_id = \(subject) ORDER BY received_at, id",
                logger: Database.silentLogger
            )
            var ids: [UUID] = []
            for try await id in rows.decode(UUID.self) { ids.append(id) }
            var found: [DataSubjectRequest] = []
            for id in ids {
                if let request = try await DSRRepository.find(
                    id,
                    tenant: tenant,
                    keys: keys,
                    lock: false,
                    on: connection
                ) {
                    found.append(request)
                }
            }
            return found
        }
    }
}
