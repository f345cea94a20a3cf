package import Foundation
import PostgresNIO
import SigiloCore

/// The AI copilot's rows: tenant settings, sentiments, fine-tuning jobs, and the automatic
/// answer's bookkeeping (which wait it tried, hand-off to people, the reply it queues).
package struct AIRepository: Sendable {
    let database: Database
    let keys: CRMKeys
    let outbox: OutboxRepository

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
        outbox = OutboxRepository(database: database, keys: keys)
    }

    package func settings(tenant: UUID) async throws -> AISettings {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT enabled, business_description, model, requires_consent, max_messages FROM ai_settings",
                logger: Database.silentLogger
            )
            for try await row in rows.decode((Bool, String?, String?, Bool, Int32).self) {
                return AISettings(
                    enabled: row.0,
                    businessDescription: row.1,
                    model: row.2,
                    requiresConsent: row.3,
                    maxMessages: Int(row.4)
                )
            }
            return AISettings()
        }
    }

    package func save(_ settings: AISettings, tenant: UUID, audit: AuditDraft) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                """
                INSERT INTO ai_settings (tenant_id, enabled, business_description, model, requires_consent, max_messages)
                VALUES (\(tenant), \(settings.enabled), \(settings.businessDescription), \(settings.model),
                    \(settings.requiresConsent), \(Int32(settings.maxMessages)))
                ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled,
                    business_description = EXCLUDED.business_description, model = EXCLUDED.model,
                    requires_consent = EXCLUDED.requires_consent, max_messages = EXCLUDED.max_messages,
                    updated_at = now()
                """
            )
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
        }
    }

    /// Conversations waiting for an automatic answer across tenants (ids only).
    package func waiting(limit: Int) async throws -> [(tenant: UUID, conversation: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT tenant_id, id FROM sigilo_ai_waiting(\(Int32(limit)))",
                logger: Database.silentLogger
            )
            var found: [(tenant: UUID, conversation: UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { found.append(row) }
            return found
        }
    }

    /// Takes the conversation's current wait for an automatic answer: marks it tried, so no
    /// other instance (nor a retry) answers it again; nil when it no longer waits, was handed
    /// off, or another instance took it.
    package func claimWait(_ conversation: UUID, tenant: UUID) async throws -> Date? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE conversations SET ai_tried_wait = awaiting_since
                WHERE id = \(conversation) AND status = 'open' AND handed_off_at IS NULL AND awaiting_since IS NOT NULL
                  AND ai_tried_wait IS DISTINCT FROM awaiting_since
                  AND id = (SELECT id FROM conversations WHERE id = \(conversation) FOR UPDATE SKIP LOCKED)
                RETURNING awaiting_since
                """,
                logger: Database.silentLogger
            )
            for try await wait in rows.decode(Date.self) { return wait }
            return nil
        }
    }

    /// Whether the contact's latest `ai_processing` consent is a grant.
    package func consents(contact: UUID, tenant: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT status FROM consents WHERE contact_id = \(contact) AND purpose = 'ai_processing'
                ORDER BY occurred_at DESC, created_at DESC LIMIT 1
                """,
                logger: Database.silentLogger
            )
            for try await status in rows.decode(String.self) { return status == "granted" }
            return false
        }
    }

    /// Appends an audit event in its own transaction: an AI call is recorded before anything
    /// leaves for the provider.
    package func record(_ event: AuditDraft, tenant: UUID) async throws {
        try await database.withTenant(tenant) { connection in
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
        }
    }

    /// Stores the sentiment read in inbound message `message`.
    package func recordSentiment(
        message: UUID,
        conversation: UUID,
        label: String,
        score: Double,
        tenant: UUID
    ) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                """
                INSERT INTO message_sentiments (tenant_id, message_id, conversation_id, label, score, day)
                SELECT \(tenant), m.id, m.conversation_id, \(label), \(Float(min(max(score, 0), 1))),
                    (m.occurred_at AT TIME ZONE 'America/Sao_Paulo')::date
                FROM messages m WHERE m.id = \(message) AND m.conversation_id = \(conversation)
                ON CONFLICT (tenant_id, message_id) DO UPDATE SET label = EXCLUDED.label, score = EXCLUDED.score
                """
            )
        }
    }

    /// Queues the AI's answer in the conversation (origin `ai`), if the customer still waits
    /// for the same answer and nobody took over meanwhile.
    /// - Returns: the message, or why it was not queued.
    package func queueReply(
        _ text: String,
        conversation: UUID,
        wait: Date,
        tenant: UUID,
        draft: TextDraftBuilder
    ) async throws -> DueOutcome {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT 1 FROM conversations WHERE id = \(conversation) AND handed_off_at IS NULL
                  AND awaiting_since = \(wait) FOR UPDATE
                """,
                logger: Database.silentLogger
            )
            var current = false
            for try await _ in rows { current = true }
            guard current else { return .notDue }
            return try await AutomatedSend.text(
                text,
                in: conversation,
                origin: "ai",
                tenant: tenant,
                now: Date(),
                draft: draft,
                outbox: outbox,
                on: connection
            )
        }
    }
}
