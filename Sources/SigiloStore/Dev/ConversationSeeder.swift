package import Foundation
import PostgresNIO
package import SigiloCore
package import SigiloCrypto

/// Fills a bench database with one customer and a long WhatsApp conversation, written the way
/// inbound processing and the outbox write them (sealed under the customer's key), in
/// statements of a few thousand messages: `make bench` measures exporting and erasing a
/// subject with 100,000 messages, which would take minutes to send through webhooks.
package struct ConversationSeeder: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keyRing: KeyRingHolder) {
        self.database = database
        self.keys = CRMKeys(ring: keyRing)
    }

    /// Creates the customer (`name`, `whatsappID`) on the tenant's first WhatsApp number,
    /// with `messages` messages alternating inbound and outbound a second apart.
    /// - Returns: the contact's and the conversation's ids.
    package func seed(
        tenant: UUID,
        name: String,
        whatsappID: WhatsAppID,
        messages: Int
    ) async throws -> (contact: UUID, conversation: UUID) {
        let contacts = ContactRepository(database: database, keys: keys)
        let (contact, key, conversation) = try await database.withTenant(tenant) { connection in
            let channels = try await connection.query(
                "SELECT id FROM whatsapp_channels ORDER BY created_at LIMIT 1",
                logger: Database.silentLogger
            )
            var channel: UUID?
            for try await id in channels.decode(UUID.self) { channel = id }
            guard let channel else { throw SeedError.noChannel }
            let phone = try? PhoneNumber("+" + whatsappID.digits)
            let fields = ContactFields(
                name: name,
                phones: phone.map { [ContactPhone(number: $0, label: "whatsapp")] } ?? [],
                whatsappID: whatsappID
            )
            let (created, key) = try await contacts.insert(id: UUID(), tenant: tenant, fields: fields, on: connection)
            let conversation = UUID()
            try await connection.run(
                """
                INSERT INTO conversations (id, tenant_id, source, contact_id, channel_id, subject_id, last_inbound_at)
                VALUES (\(conversation), \(tenant), 'whatsapp', \(created.id), \(channel), \(created.id), now())
                """
            )
            let audit = AuditDraft(
                tenantID: tenant,
                actorKind: "system",
                actorID: "dev-seed",
                action: "contact.create",
                resourceType: "contact",
                resourceID: created.id.uuidString.lowercased(),
                subjectID: created.id.uuidString.lowercased(),
                purpose: "benchmark",
                legalBasis: "legitimate_interest",
                details: ["messages": "\(messages)"]
            )
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return (created.id, key, conversation)
        }
        let start = Date().addingTimeInterval(-Double(messages))
        for first in stride(from: 0, to: messages, by: 5000) {
            let numbers = Array(first..<min(first + 5000, messages))
            try await database.withTenant(tenant) { connection in
                var ids: [UUID] = []
                var sealed: [ByteBuffer] = []
                for number in numbers {
                    let id = UUID()
                    let text = number % 2 == 0 ? "Mensagem \(number) do cliente" : "Resposta \(number) da loja"
                    let content = try key.seal(
                        try MessageContent.text(text).encoded(),
                        at: MessageSealing.address(tenant: tenant, message: id, subject: contact)
                    )
                    ids.append(id)
                    sealed.append(ByteBuffer(bytes: content))
                }
                try await connection.run(
                    """
                    INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, wamid, content_sealed, status,
                        status_rank, occurred_at)
                    SELECT m.id, \(tenant), \(conversation),
                        CASE WHEN m.n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'text', 'wamid.seed.' || m.id,
                        m.content, CASE WHEN m.n % 2 = 0 THEN 'received' ELSE 'read' END,
                        CASE WHEN m.n % 2 = 0 THEN 0 ELSE 3 END,
                        \(start)::timestamptz + m.n * interval '1 second'
                    FROM unnest(\(ids)::uuid[], \(sealed)::bytea[], \(numbers.map(Int64.init))::bigint[])
                        AS m(id, content, n)
                    """
                )
            }
        }
        return (contact, conversation)
    }

    package enum SeedError: Error, CustomStringConvertible {
        case noChannel

        package var description: String { "the tenant has no WhatsApp number; add one first" }
    }
}
