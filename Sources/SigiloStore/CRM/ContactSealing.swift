import Foundation
import SigiloCore
import SigiloCrypto

/// Seals and opens a contact's personal fields under its subject's key, each bound to its
/// address (tenant, `contacts`, column, row, subject). Phones and e-mails are sealed as one
/// JSON array each, so a contact opens with five AES-GCM operations whatever it holds.
struct ContactSealing {
    /// The sealed columns, as stored.
    struct Sealed {
        var name: Data
        var phones: Data
        var emails: Data
        var notes: Data?
        var whatsappID: Data?
    }

    let key: SubjectKey
    let tenant: UUID
    let row: UUID
    let subject: UUID

    func seal(_ fields: ContactFields) throws -> Sealed {
        Sealed(
            name: try key.seal(fields.name, at: address("name_sealed")),
            phones: try key.seal(try Self.json(fields.phones), at: address("phones_sealed")),
            emails: try key.seal(try Self.json(fields.emails), at: address("emails_sealed")),
            notes: try fields.notes.map { try key.seal($0, at: address("notes_sealed")) },
            whatsappID: try fields.whatsappID.map { try key.seal($0.digits, at: address("whatsapp_id_sealed")) }
        )
    }

    /// Opens the sealed columns; clear columns come from the caller.
    func open(
        _ sealed: Sealed,
        tags: [String],
        optIn: OptInStatus,
        cadence: Cadence?
    ) throws(SealedDataError) -> ContactFields {
        let phones: [ContactPhone] = try decode(open(sealed.phones, "phones_sealed"), column: "phones_sealed")
        let emails: [ContactEmail] = try decode(open(sealed.emails, "emails_sealed"), column: "emails_sealed")
        var whatsappID: WhatsAppID?
        if let stored = sealed.whatsappID {
            whatsappID = WhatsAppID(try open(stored, "whatsapp_id_sealed"))
            guard whatsappID != nil else {
                throw SealedDataError(.valueUnreadable, table: "contacts", column: "whatsapp_id_sealed", row: row)
            }
        }
        return ContactFields(
            name: try open(sealed.name, "name_sealed"),
            phones: phones,
            emails: emails,
            tags: tags,
            notes: try sealed.notes.map { stored throws(SealedDataError) in try open(stored, "notes_sealed") },
            cadence: cadence,
            whatsappID: whatsappID,
            optIn: optIn
        )
    }

    /// The blind-index entries of `fields`: every lookup form of every phone, e-mail and
    /// WhatsApp id, as (kind, normalised value).
    static func lookupValues(_ fields: ContactFields) -> [(CRMKeys.LookupKind, String)] {
        var values: [(CRMKeys.LookupKind, String)] = []
        for phone in fields.phones {
            for form in phone.phoneNumber?.lookupForms ?? [] { values.append((.phone, form)) }
        }
        for email in fields.emails { values.append((.email, email.address)) }
        for form in fields.whatsappID?.lookupForms ?? [] { values.append((.whatsapp, form)) }
        return values
    }

    private func address(_ column: String) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "contacts", column: column, row: row, subject: subject)
    }

    private func open(_ stored: Data, _ column: String) throws(SealedDataError) -> String {
        do {
            return try key.open(stored, at: address(column))
        } catch {
            throw SealedDataError(.valueUnreadable, table: "contacts", column: column, row: row)
        }
    }

    private func decode<Value: Decodable>(_ text: String, column: String) throws(SealedDataError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw SealedDataError(.valueUnreadable, table: "contacts", column: column, row: row)
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
