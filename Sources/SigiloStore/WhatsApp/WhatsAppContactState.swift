import Foundation
import PostgresNIO

/// The WhatsApp facts kept on a contact in clear (not content): opt-outs and an undeliverable
/// number. Shared by inbound processing (STOP, async failures) and the outbox (sync failures).
enum WhatsAppContactState {
    /// Records an opt-out received over WhatsApp (STOP, or Meta's 131050 for marketing): the
    /// send state and the revocation of the WhatsApp consent purposes it implies.
    static func optOut(
        contact: UUID,
        marketingOnly: Bool,
        recordedBy: String,
        on connection: PostgresConnection
    ) async throws {
        try await setOptOut(contact: contact, marketingOnly: marketingOnly, on: connection)
        try await ConsentRepository.recordWhatsAppOptOut(
            contact: contact,
            marketingOnly: marketingOnly,
            recordedBy: recordedBy,
            on: connection
        )
    }

    /// The send state alone (a consent record of the caller's is its cause).
    static func setOptOut(contact: UUID, marketingOnly: Bool, on connection: PostgresConnection) async throws {
        if marketingOnly {
            try await connection.run(
                """
                UPDATE contacts SET marketing_opt_out_at = COALESCE(marketing_opt_out_at, now()), updated_at = now()
                WHERE id = \(contact)
                """
            )
        } else {
            try await connection.run(
                """
                UPDATE contacts SET opt_in = 'opted_out', opt_in_changed_at = now(), updated_at = now()
                WHERE id = \(contact) AND opt_in <> 'opted_out'
                """
            )
        }
    }

    static func markInvalidNumber(contact: UUID, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            UPDATE contacts SET whatsapp_status = 'invalid_number', whatsapp_status_changed_at = now(),
                updated_at = now()
            WHERE id = \(contact) AND whatsapp_status <> 'invalid_number'
            """
        )
    }
}
