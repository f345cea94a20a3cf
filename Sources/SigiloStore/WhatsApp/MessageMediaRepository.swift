package import Foundation
import PostgresNIO
import SigiloCrypto

/// Inbound media, downloaded from Meta (its ids expire after 7 days) and kept sealed under
/// the conversation subject's key, bound to the message.
package struct MessageMediaRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// A download still to do.
    package struct Pending: Sendable, Equatable {
        package var message: UUID
        package var tenant: UUID
        package var mediaID: String
        package var channel: UUID
    }

    /// Media not yet downloaded, across tenants, oldest first.
    package func backlog(limit: Int) async throws -> [Pending] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT message_id, tenant_id, media_id, channel_id FROM sigilo_media_backlog(\(Int32(limit)))",
                logger: Database.silentLogger
            )
            var found: [Pending] = []
            for try await (message, tenant, media, channel) in rows.decode((UUID, UUID, String, UUID).self) {
                found.append(Pending(message: message, tenant: tenant, mediaID: media, channel: channel))
            }
            return found
        }
    }

    /// Stores downloaded bytes sealed; a message that has them already keeps the first copy.
    package func store(tenant: UUID, message: UUID, bytes: Data, mimeType: String?) async throws {
        try await database.withTenant(tenant) { connection in
            let (subject, wrapped) = try await Self.subject(of: message, on: connection)
            let key = try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
            let sealed = try key.seal(bytes: bytes, at: Self.address(tenant, message, subject))
            let mime = mimeType.flatMap { Self.safeMime($0) }
            try await connection.run(
                """
                UPDATE messages SET media_sealed = \(sealed), media_mime = \(mime)::text, updated_at = now()
                WHERE id = \(message) AND media_sealed IS NULL
                """
            )
        }
    }

    /// Counts a failed download (after 5 the backlog gives up on it).
    package func recordFailure(tenant: UUID, message: UUID) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run("UPDATE messages SET media_attempts = media_attempts + 1 WHERE id = \(message)")
        }
    }

    /// The media of a message in `conversation`, opened; nil when there is none stored.
    package func open(tenant: UUID, conversation: UUID, message: UUID) async throws -> (bytes: Data, mimeType: String?)?
    {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT m.media_sealed, m.media_mime, v.subject_id, k.wrapped FROM messages m
                JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id
                LEFT JOIN subject_keys k ON k.subject_id = v.subject_id
                WHERE m.id = \(message) AND m.conversation_id = \(conversation) AND m.media_sealed IS NOT NULL
                """,
                logger: Database.silentLogger
            )
            for try await (sealed, mime, subject, wrapped) in rows.decode((Data, String?, UUID, Data?).self) {
                let key = try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
                do {
                    return (try key.openBytes(sealed, at: Self.address(tenant, message, subject)), mime)
                } catch {
                    throw SealedDataError(.valueUnreadable, table: "messages", column: "media_sealed", row: message)
                }
            }
            return nil
        }
    }

    private static func subject(of message: UUID, on connection: PostgresConnection) async throws -> (UUID, Data?) {
        let rows = try await connection.query(
            """
            SELECT v.subject_id, k.wrapped FROM messages m
            JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id
            LEFT JOIN subject_keys k ON k.subject_id = v.subject_id
            WHERE m.id = \(message)
            """,
            logger: Database.silentLogger
        )
        for try await row in rows.decode((UUID, Data?).self) { return row }
        throw StoreError(.notFound)
    }

    private static func address(_ tenant: UUID, _ message: UUID, _ subject: UUID) -> FieldAddress {
        MessageSealing.address(tenant: tenant, message: message, subject: subject, column: "media_sealed")
    }

    /// Keeps a MIME type only when it has the plain `type/subtype[; param=value]` shape.
    private static func safeMime(_ value: String) -> String? {
        let lowered = value.trimmingCharacters(in: .whitespaces)
        guard lowered.count <= 100,
            lowered.range(of: #"^[a-z]+/[A-Za-z0-9.+_-]+(; ?[a-z]+=[A-Za-z0-9._-]+)?$"#, options: .regularExpression)
                != nil
        else { return nil }
        return lowered
    }
}
