import Foundation
import PostgresNIO
import SigiloCrypto

/// A live contact's data subject and key, read inside a tenant transaction, for sealing or
/// opening the personal data kept about it outside `contacts` (consent evidence, request
/// details).
struct ContactSubject {
    let contact: UUID
    let subject: UUID
    let key: SubjectKey

    /// The contact `id` (not merged away), locked for the rest of the transaction unless
    /// `forUpdate` is false (reads); nil when the tenant has no such live contact.
    static func lock(
        _ id: UUID,
        tenant: UUID,
        keys: CRMKeys,
        forUpdate: Bool = true,
        on connection: PostgresConnection
    ) async throws -> ContactSubject? {
        let rows = try await connection.query(
            """
            SELECT c.subject_id, k.wrapped FROM contacts c
            LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
            WHERE c.id = \(id) AND c.merged_into IS NULL
            \(unescaped: forUpdate ? "FOR UPDATE OF c" : "")
            """,
            logger: Database.silentLogger
        )
        for try await (subject, wrapped) in rows.decode((UUID, Data?).self) {
            let key = try keys.subjectKey(wrapped, tenant: tenant, subject: subject)
            return ContactSubject(contact: id, subject: subject, key: key)
        }
        return nil
    }

    func address(_ table: String, _ column: String, row: UUID, tenant: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: table, column: column, row: row, subject: subject)
    }
}
