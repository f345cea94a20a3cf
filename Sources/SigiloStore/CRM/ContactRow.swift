import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// One `contacts` row with its subject's wrapped key, as every contact query selects it.
struct ContactRow {
    /// The select list; `c` is `contacts`, `k` is `subject_keys` (left-joined).
    static let columns = """
        c.id, c.subject_id, k.wrapped, c.name_sealed, c.phones_sealed, c.emails_sealed, c.notes_sealed, \
        c.whatsapp_id_sealed, c.tags, c.opt_in, c.cadence_every, c.cadence_unit, c.created_at, c.updated_at, \
        c.merged_into
        """
    /// The FROM clause matching ``columns``.
    static let from = """
        contacts c LEFT JOIN subject_keys k ON k.tenant_id = c.tenant_id AND k.subject_id = c.subject_id
        """

    typealias Decoded = (
        UUID, UUID, Data?, Data?, Data?, Data?, Data?, Data?, [String], String, Int32?, String?, Date, Date, UUID?
    )

    var id: UUID
    var subject: UUID
    var wrappedKey: Data?
    var sealed: ContactSealing.Sealed?
    var tags: [String]
    var optIn: OptInStatus
    var cadence: Cadence?
    var createdAt: Date
    var updatedAt: Date
    var mergedInto: UUID?

    init(_ row: Decoded) {
        id = row.0
        subject = row.1
        wrappedKey = row.2
        if let name = row.3 {
            sealed = ContactSealing.Sealed(
                name: name,
                phones: row.4 ?? Data(),
                emails: row.5 ?? Data(),
                notes: row.6,
                whatsappID: row.7
            )
        }
        tags = row.8
        optIn = OptInStatus(rawValue: row.9) ?? .unknown
        if let every = row.10, let unit = row.11.flatMap(Cadence.Unit.init(rawValue:)) {
            cadence = Cadence(every: Int(every), unit: unit)
        }
        createdAt = row.12
        updatedAt = row.13
        mergedInto = row.14
    }

    /// Opens the row into a contact; a merged row has nothing to open.
    func open(tenant: UUID, keys: CRMKeys) throws(SealedDataError) -> Contact? {
        guard let sealed else { return nil }
        let key = try keys.subjectKey(wrappedKey, tenant: tenant, subject: subject)
        let sealing = ContactSealing(key: key, tenant: tenant, row: id, subject: subject)
        let fields = try sealing.open(sealed, tags: tags, optIn: optIn, cadence: cadence)
        return Contact(id: id, fields: fields, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Reads every row of `rows`.
    static func all(_ rows: PostgresRowSequence) async throws -> [ContactRow] {
        var result: [ContactRow] = []
        for try await row in rows.decode(Decoded.self) { result.append(ContactRow(row)) }
        return result
    }
}
