package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Set-based forms of the writer's steps, for a whole batch at once: a statement each instead
/// of one per message. Their semantics are those of the one-message forms (same advisory
/// locks, same matching rules); what they cannot settle (a new customer, a username user) is
/// left to those forms.
extension InboundWriter {
    /// A WhatsApp conversation's key: one contact on one number.
    package struct ConversationKey: Hashable, Sendable {
        package var contact: UUID
        package var channel: UUID

        package init(contact: UUID, channel: UUID) {
            self.contact = contact
            self.channel = channel
        }
    }

    /// The contacts already stored under these WhatsApp ids (either Brazilian form), by
    /// ``WhatsAppID/digits``; ids with no contact are absent (create them one at a time with
    /// ``contact(whatsappID:userID:profileName:)``). Takes the same advisory locks as that
    /// method, in one order, and opens only each candidate's WhatsApp id.
    package func existingContacts(whatsappIDs: [WhatsAppID]) async throws -> [String: ContactRef] {
        let wanted = Array(Set(whatsappIDs))
        guard !wanted.isEmpty else { return [:] }
        let index = try await keys.index(.whatsapp, tenant: tenant, on: connection)
        let forms = wanted.map { ($0, $0.lookupForms) }
        let locks = Set(forms.map { _, forms in forms.map { index.value($0) }.min() ?? 0 }).sorted()
        try await lockAll(locks.map { tenant.uuidString + ":wa:" + String($0) })
        let digests = Array(Set(forms.flatMap { _, forms in forms.map { index.value($0) } }))
        let rows = try await connection.query(
            """
            SELECT DISTINCT c.id, c.subject_id, k.wrapped, c.whatsapp_id_sealed, c.opt_in
            FROM contact_lookups l
            JOIN contacts c ON c.tenant_id = l.tenant_id AND c.id = l.contact_id
            LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
            WHERE l.tenant_id = \(tenant) AND l.kind = 'whatsapp' AND l.digest = ANY(\(digests)::integer[])
              AND c.merged_into IS NULL AND c.whatsapp_id_sealed IS NOT NULL
            """,
            logger: Database.silentLogger
        )
        // Each candidate's own lookup forms, opened from its sealed WhatsApp id.
        var candidates: [(id: UUID, forms: Set<String>, optIn: OptInStatus)] = []
        for try await (id, subject, wrapped, sealed, optIn) in rows.decode((UUID, UUID, Data?, Data, String).self) {
            let key = try subjectKey(subject, wrapped: wrapped)
            let address = FieldAddress(
                tenant: tenant,
                table: "contacts",
                column: "whatsapp_id_sealed",
                row: id,
                subject: subject
            )
            guard let opened = try? key.open(sealed, at: address), let stored = WhatsAppID(opened) else {
                throw SealedDataError(.valueUnreadable, table: "contacts", column: "whatsapp_id_sealed", row: id)
            }
            candidates.append((id, Set(stored.lookupForms), OptInStatus(rawValue: optIn) ?? .unknown))
        }
        candidates.sort { $0.id.uuidString < $1.id.uuidString }
        var found: [String: ContactRef] = [:]
        for (whatsappID, forms) in forms {
            // The lowest id, as a search answers first.
            guard let match = candidates.first(where: { !$0.forms.isDisjoint(with: forms) }) else { continue }
            found[whatsappID.digits] = ContactRef(id: match.id, optIn: match.optIn, created: false)
        }
        return found
    }

    /// The open WhatsApp conversation of each key, opened where there is none; each window now
    /// runs from its latest inbound time (never moved back). What
    /// ``conversation(contact:channel:inboundAt:)`` does, for many keys in three statements.
    package func conversations(
        _ inbound: [ConversationKey: Date]
    ) async throws -> [ConversationKey: (id: UUID, opened: Bool)] {
        guard !inbound.isEmpty else { return [:] }
        let wanted = inbound.sorted { $0.key.contact.uuidString < $1.key.contact.uuidString }
        try await lockAll(Set(wanted.map { tenant.uuidString + ":conv:" + $0.key.contact.uuidString }).sorted())
        let rows = try await connection.query(
            """
            UPDATE conversations c SET last_inbound_at = GREATEST(c.last_inbound_at, w.at), updated_at = now()
            FROM unnest(\(wanted.map(\.key.contact))::uuid[], \(wanted.map(\.key.channel))::uuid[],
                \(wanted.map(\.value))::timestamptz[]) AS w(contact, channel, at)
            WHERE c.tenant_id = \(tenant) AND c.contact_id = w.contact AND c.channel_id = w.channel
              AND c.status = 'open' AND c.source = 'whatsapp'
            RETURNING c.id, c.contact_id, c.channel_id
            """,
            logger: Database.silentLogger
        )
        var result: [ConversationKey: (id: UUID, opened: Bool)] = [:]
        for try await (id, contact, channel) in rows.decode((UUID, UUID, UUID).self) {
            result[ConversationKey(contact: contact, channel: channel)] = (id, false)
        }
        let missing = wanted.filter { result[$0.key] == nil }
        guard !missing.isEmpty else { return result }
        let ids = missing.map { _ in UUID() }
        try await connection.run(
            """
            INSERT INTO conversations (id, tenant_id, source, contact_id, channel_id, subject_id, last_inbound_at)
            SELECT n.id, \(tenant), 'whatsapp', n.contact, n.channel, n.contact, n.at
            FROM unnest(\(ids)::uuid[], \(missing.map(\.key.contact))::uuid[], \(missing.map(\.key.channel))::uuid[],
                \(missing.map(\.value))::timestamptz[]) AS n(id, contact, channel, at)
            """
        )
        for (id, entry) in zip(ids, missing) { result[entry.key] = (id, true) }
        return result
    }

    /// Stores inbound messages sealed under their contacts' keys, in one statement.
    /// - Returns: the new messages' ids by Meta's id; a message whose Meta id was already
    ///   stored (a retry processed elsewhere meanwhile) is absent.
    package func insert(_ messages: [Inbound]) async throws -> [String: UUID] {
        guard !messages.isEmpty else { return [:] }
        var ids: [UUID] = []
        var sealed: [ByteBuffer] = []
        for message in messages {
            let id = UUID()
            let key = try await subjectKey(message.contact)
            let content = try key.seal(
                try message.content.encoded(),
                at: MessageSealing.address(tenant: tenant, message: id, subject: message.contact)
            )
            ids.append(id)
            sealed.append(ByteBuffer(bytes: content))
        }
        let rows = try await connection.query(
            """
            INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, wamid, content_sealed, reply_to,
                status, media_id, occurred_at)
            SELECT m.id, \(tenant), m.conversation, 'inbound', m.kind, m.wamid, m.content, NULLIF(m.reply_to, ''),
                'received', NULLIF(m.media_id, ''), m.at
            FROM unnest(\(ids)::uuid[], \(messages.map(\.conversation))::uuid[], \(messages.map(\.content.type))::text[],
                \(messages.map(\.wamid))::text[], \(sealed)::bytea[], \(messages.map { $0.replyTo ?? "" })::text[],
                \(messages.map { $0.content.media?.id ?? "" })::text[], \(messages.map(\.occurredAt))::timestamptz[])
                AS m(id, conversation, kind, wamid, content, reply_to, media_id, at)
            ON CONFLICT (tenant_id, wamid) WHERE wamid IS NOT NULL DO NOTHING
            RETURNING id, wamid
            """,
            logger: Database.silentLogger
        )
        var stored: [String: UUID] = [:]
        for try await (id, wamid) in rows.decode((UUID, String).self) { stored[wamid] = id }
        return stored
    }

    /// Takes transaction-scoped advisory locks on `keys`, in the order given, in one statement.
    private func lockAll(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await connection.run(
            """
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
            FROM unnest(\(keys)::text[]) WITH ORDINALITY AS t(k, n)
            """
        )
    }
}
