import Crypto
package import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// Applies attendance events from other systems. Each event id is taken once per type: the
/// same event again changes nothing, a different event reusing the id is refused. Message
/// text is sealed under the conversation's own data key (such a conversation is its own
/// data subject: erasing it shreds its messages).
package struct AttendanceEvents: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// How an event was taken.
    package enum Outcome: Sendable, Equatable {
        case applied
        /// The same event was already applied.
        case repeated
    }

    /// Why an event was refused.
    package enum Refusal: Error, Sendable, Equatable {
        /// Another event already used this id.
        case idReused
        case conversationNotFound
        case conversationClosed
        /// A NEW_CONVERSATION whose id is already a conversation (created otherwise).
        case conversationExists
        /// The conversation is a WhatsApp one: its messages come from WhatsApp only.
        case notIntegration
    }

    /// Applies `event`; `audit` gives the event to record with it (subject: the conversation).
    package func apply(
        _ event: AttendanceEvent,
        tenant: UUID,
        audit: (AttendanceEvent) -> AuditDraft
    ) async throws -> Outcome {
        try await database.withTenant(tenant) { connection in
            let key = try await keys.tenantMACKey(.eventFingerprints, tenant: tenant, on: connection)
            let fingerprint = Data(HMAC<SHA256>.authenticationCode(for: Data(event.canonical.utf8), using: key))
            let inserted = try await connection.query(
                """
                INSERT INTO integration_events (tenant_id, event_id, type, fingerprint)
                VALUES (\(tenant), \(event.id), \(event.type), \(fingerprint))
                ON CONFLICT DO NOTHING RETURNING 1
                """,
                logger: Database.silentLogger
            )
            var fresh = false
            for try await _ in inserted { fresh = true }
            if !fresh {
                let stored = try await connection.query(
                    """
                    SELECT fingerprint FROM integration_events
                    WHERE event_id = \(event.id) AND type = \(event.type)
                    """,
                    logger: Database.silentLogger
                )
                var previous = Data()
                for try await value in stored.decode(Data.self) { previous = value }
                guard Self.constantTimeEqual(previous, fingerprint) else { throw Refusal.idReused }
                return .repeated
            }
            try await apply(event, tenant: tenant, on: connection)
            _ = try await AuditLedger.append([audit(event)], tenant: tenant, on: connection)
            return .applied
        }
    }

    private func apply(_ event: AttendanceEvent, tenant: UUID, on connection: PostgresConnection) async throws {
        switch event {
        case .newConversation(let id, let at):
            guard try await ConversationRepository.conversation(id, on: connection) == nil else {
                throw Refusal.conversationExists
            }
            let (_, wrapped, version) = try keys.newSubjectKey(tenant: tenant, subject: id)
            // Ids are global keys: one taken anywhere (another tenant's, a contact's) is a
            // conflict, answered like any reused id, never a 500.
            try await StoreError.mappingConstraints {
                try await connection.run(
                    """
                    INSERT INTO subject_keys (subject_id, tenant_id, wrapped, kek_version)
                    VALUES (\(id), \(tenant), \(wrapped), \(version))
                    """
                )
                try await connection.run(
                    """
                    INSERT INTO conversations (id, tenant_id, source, subject_id, opened_at)
                    VALUES (\(id), \(tenant), 'integration', \(id), \(at))
                    """
                )
            }
        case .newMessage(let id, let conversationID, let sent, let content, let at):
            guard
                let (conversation, subject) = try await ConversationRepository.conversation(
                    conversationID,
                    on: connection,
                    lock: true
                )
            else { throw Refusal.conversationNotFound }
            guard conversation.source == "integration" else { throw Refusal.notIntegration }
            guard conversation.status == .open else { throw Refusal.conversationClosed }
            let wrapped = try await connection.query(
                "SELECT wrapped FROM subject_keys WHERE subject_id = \(subject)",
                logger: Database.silentLogger
            )
            var stored: Data?
            for try await value in wrapped.decode(Data.self) { stored = value }
            let key = try keys.subjectKey(stored, tenant: tenant, subject: subject)
            let sealed = try key.seal(
                try MessageContent.text(content).encoded(),
                at: MessageSealing.address(tenant: tenant, message: id, subject: subject)
            )
            try await StoreError.mappingConstraints {
                try await connection.run(
                    """
                    INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, content_sealed, status,
                        occurred_at, origin)
                    VALUES (\(id), \(tenant), \(conversationID), \(sent ? "outbound" : "inbound"), 'text', \(sealed),
                        \(sent ? "sent" : "received"), \(at), \(sent ? "api" : nil)::text)
                    """
                )
            }
            try await connection.run(
                """
                UPDATE conversations SET updated_at = now(),
                    last_inbound_at = CASE WHEN \(sent) THEN last_inbound_at
                        ELSE GREATEST(last_inbound_at, \(at)) END
                WHERE id = \(conversationID)
                """
            )
        case .closeConversation(let id, let at):
            guard let (conversation, _) = try await ConversationRepository.conversation(id, on: connection, lock: true)
            else { throw Refusal.conversationNotFound }
            guard conversation.source == "integration" else { throw Refusal.notIntegration }
            if conversation.status == .open {
                try await connection.run(
                    "UPDATE conversations SET status = 'closed', closed_at = \(at), updated_at = now() WHERE id = \(id)"
                )
            }
        }
    }

    private static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
