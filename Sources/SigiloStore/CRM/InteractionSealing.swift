import Foundation
import SigiloCrypto

/// Seals an interaction's free text under its contact's key, bound to the interaction's row.
enum InteractionSealing {
    static func address(tenant: UUID, row: UUID, subject: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "interactions", column: "text_sealed", row: row, subject: subject)
    }

    static func open(
        _ stored: Data,
        key: SubjectKey,
        tenant: UUID,
        row: UUID,
        subject: UUID
    ) throws(SealedDataError)
        -> String
    {
        do {
            return try key.open(stored, at: address(tenant: tenant, row: row, subject: subject))
        } catch {
            throw SealedDataError(.valueUnreadable, table: "interactions", column: "text_sealed", row: row)
        }
    }
}
