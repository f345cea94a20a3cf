package import Foundation
import PostgresNIO
import SigiloCrypto

extension OutboxRepository {
    /// A row claimed for sending.
    package struct Claim: Sendable, Equatable {
        package var message: UUID
        package var tenant: UUID
        package var channel: UUID
        /// This attempt's number, from 1.
        package var attempt: Int
    }

    /// What the sender needs for one claimed message.
    package struct Job: Sendable {
        package var claim: Claim
        package var channel: WhatsAppChannel
        package var credentials: ChannelCredentials
        package var contact: UUID
        /// The Graph API request body.
        package var request: String
    }

    /// How a send attempt ended, as the sender decided.
    package enum Settlement: Sendable, Equatable {
        /// Meta accepted it (`wamid`).
        case sent(wamid: String)
        /// Try again at a time.
        case retry(at: Date, reason: String)
        /// Will not be sent: our reason code, Meta's code and title, and what it means for the
        /// contact.
        case failed(reason: String, graphCode: Int?, title: String?, effect: ContactEffect?)
        /// The request may have reached Meta: never resent (a resend could deliver twice).
        case uncertain
        /// The channel's token expired: the row waits, unclaimed, until the channel is active.
        case channelPaused
    }

    /// What a failure says about the contact.
    package enum ContactEffect: Sendable, Equatable {
        case invalidNumber
        case marketingOptOut
    }

    /// Claims up to `limit` due rows across tenants, each channel held to its
    /// messages-per-second cap over `span` (counting every instance's claims).
    package func claim(limit: Int, span: Duration = .seconds(1)) async throws -> [Claim] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT message_id, tenant_id, channel_id, attempts
                FROM sigilo_outbox_claim(\(Int32(limit)), make_interval(secs => \(span.seconds)))
                """,
                logger: Database.silentLogger
            )
            var claims: [Claim] = []
            for try await (message, tenant, channel, attempts) in rows.decode((UUID, UUID, UUID, Int32).self) {
                claims.append(Claim(message: message, tenant: tenant, channel: channel, attempt: Int(attempts)))
            }
            return claims
        }
    }

    /// `sending` rows older than `lease` (their instance died mid-send) become `uncertain`.
    /// - Returns: how many.
    package func expire(lease: Duration) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_outbox_expire(make_interval(secs => \(lease.seconds)))",
                logger: Database.silentLogger
            )
            var count = 0
            for try await value in rows.decode(Int32.self) { count = Int(value) }
            return count
        }
    }

    /// Opens a claimed row: channel, credentials and request body.
    package func job(_ claim: Claim) async throws -> Job? {
        try await database.withTenant(claim.tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT o.request_sealed, v.contact_id, k.wrapped FROM outbox o
                JOIN messages m ON m.tenant_id = o.tenant_id AND m.id = o.message_id
                JOIN conversations v ON v.tenant_id = m.tenant_id AND v.id = m.conversation_id
                LEFT JOIN subject_keys k ON k.subject_id = v.contact_id
                WHERE o.message_id = \(claim.message)
                """,
                logger: Database.silentLogger
            )
            var found: (Data, UUID?, Data?)?
            for try await row in rows.decode((Data, UUID?, Data?).self) { found = row }
            guard let (sealed, contactID, wrapped) = found, let contact = contactID,
                let (channel, credentials) = try await ChannelRepository(database: database, keys: keys)
                    .credentials(tenant: claim.tenant, id: claim.channel, on: connection)
            else { return nil }
            let key = try keys.subjectKey(wrapped, tenant: claim.tenant, subject: contact)
            let request: String
            do {
                request = try key.open(
                    sealed,
                    at: MessageSealing.outboxAddress(tenant: claim.tenant, message: claim.message, subject: contact)
                )
            } catch {
                throw SealedDataError(.valueUnreadable, table: "outbox", column: "request_sealed", row: claim.message)
            }
            return Job(claim: claim, channel: channel, credentials: credentials, contact: contact, request: request)
        }
    }

    /// Records how an attempt ended, with its audit event when there is one. Rows are locked
    /// in the order receipts lock them (the message, then its outbox row), so a receipt and a
    /// settlement of one message never deadlock.
    package func settle(_ claim: Claim, contact: UUID?, _ settlement: Settlement, audit: AuditDraft?) async throws {
        try await database.withTenant(claim.tenant) { connection in
            // Only a row still `sending` is ours to settle: a receipt carrying our id may have
            // settled it already (sent, or failed), and must never be undone, above all by a retry.
            let mine = try await connection.query(
                """
                SELECT 1 FROM outbox o JOIN messages m ON m.tenant_id = o.tenant_id AND m.id = o.message_id
                WHERE o.message_id = \(claim.message) AND o.state = 'sending' AND m.status_rank = 0
                FOR UPDATE OF m
                """,
                logger: Database.silentLogger
            )
            var claimed = false
            for try await _ in mine { claimed = true }
            guard claimed else { return }
            switch settlement {
            case .sent(let wamid):
                // A receipt may have arrived first (by our id) and already set wamid and status.
                try await connection.run(
                    """
                    UPDATE messages SET wamid = COALESCE(wamid, \(wamid)),
                        status = CASE WHEN status_rank = 0 THEN 'sent' ELSE status END,
                        status_rank = GREATEST(status_rank, 1), updated_at = now()
                    WHERE id = \(claim.message)
                    """
                )
                try await connection.run(
                    "UPDATE outbox SET state = 'sent', last_error = NULL, updated_at = now() WHERE message_id = \(claim.message)"
                )
            case .retry(let at, let reason):
                try await connection.run(
                    """
                    UPDATE outbox SET state = 'pending', next_attempt_at = \(at), last_error = \(reason),
                        updated_at = now()
                    WHERE message_id = \(claim.message)
                    """
                )
            case .failed(let reason, let code, let title, let effect):
                try await connection.run(
                    """
                    UPDATE messages SET status = 'failed', status_rank = 4, error_reason = \(reason),
                        error_code = \(code.map(Int32.init))::integer,
                        error_title = \(title.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(200))) })::text, updated_at = now()
                    WHERE id = \(claim.message) AND status <> 'failed'
                    """
                )
                try await connection.run(
                    """
                    UPDATE outbox SET state = 'failed', last_error = \(reason), updated_at = now()
                    WHERE message_id = \(claim.message)
                    """
                )
                if let contact, let effect {
                    switch effect {
                    case .invalidNumber:
                        try await WhatsAppContactState.markInvalidNumber(contact: contact, on: connection)
                    case .marketingOptOut:
                        try await WhatsAppContactState.optOut(
                            contact: contact,
                            marketingOnly: true,
                            recordedBy: "whatsapp-outbox",
                            on: connection
                        )
                    }
                }
            case .uncertain:
                try await connection.run(
                    """
                    UPDATE messages SET status = 'uncertain', updated_at = now()
                    WHERE id = \(claim.message) AND status_rank = 0
                    """
                )
                try await connection.run(
                    """
                    UPDATE outbox SET state = 'uncertain', last_error = 'send_outcome_unknown', updated_at = now()
                    WHERE message_id = \(claim.message)
                    """
                )
            case .channelPaused:
                try await connection.run(
                    """
                    UPDATE outbox SET state = 'pending', attempts = GREATEST(attempts - 1, 0), claimed_at = NULL,
                        last_error = 'token_expired', updated_at = now()
                    WHERE message_id = \(claim.message)
                    """
                )
            }
            if let audit {
                _ = try await AuditLedger.append([audit], tenant: claim.tenant, on: connection)
            }
        }
    }

    /// The outbox state of a message (tests, diagnostics).
    package func state(tenant: UUID, message: UUID) async throws -> (state: String, attempts: Int)? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT state, attempts FROM outbox WHERE message_id = \(message)",
                logger: Database.silentLogger
            )
            for try await (state, attempts) in rows.decode((String, Int32).self) { return (state, Int(attempts)) }
            return nil
        }
    }
}
