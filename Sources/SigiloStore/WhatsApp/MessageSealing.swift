import Foundation
import SigiloCore
import SigiloCrypto

/// Where a message's sealed content and media are bound: tenant, table, column, row and the
/// data subject whose key seals them.
enum MessageSealing {
    static func address(
        tenant: UUID,
        message: UUID,
        subject: UUID,
        column: String = "content_sealed"
    )
        -> FieldAddress
    {
        FieldAddress(tenant: tenant, table: "messages", column: column, row: message, subject: subject)
    }

    static func outboxAddress(tenant: UUID, message: UUID, subject: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "outbox", column: "request_sealed", row: message, subject: subject)
    }
}

extension MessageSealing {
    static func open(
        _ sealed: Data,
        key: SubjectKey,
        tenant: UUID,
        message: UUID,
        subject: UUID
    )
        throws(SealedDataError) -> MessageContent
    {
        do {
            return try MessageContent.decoded(
                key.open(sealed, at: address(tenant: tenant, message: message, subject: subject))
            )
        } catch {
            throw SealedDataError(.valueUnreadable, table: "messages", column: "content_sealed", row: message)
        }
    }
}
