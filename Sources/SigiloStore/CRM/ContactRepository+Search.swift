package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

extension ContactRepository {
    /// Contacts with this phone among their phones, whichever form (with or without a
    /// Brazilian mobile's ninth digit) was stored or given.
    package func search(tenant: UUID, phone: PhoneNumber) async throws -> [Contact] {
        let wanted = Set(phone.lookupForms)
        return try await search(tenant: tenant, kind: .phone, forms: phone.lookupForms) { fields in
            fields.phones.contains { !wanted.isDisjoint(with: $0.phoneNumber?.lookupForms ?? []) }
        }
    }

    /// Contacts with this e-mail address.
    package func search(tenant: UUID, email: EmailAddress) async throws -> [Contact] {
        try await search(tenant: tenant, kind: .email, forms: [email.value]) { fields in
            fields.emails.contains { $0.address == email.value }
        }
    }

    /// Contacts with this WhatsApp id, either Brazilian form.
    package func search(tenant: UUID, whatsappID: WhatsAppID) async throws -> [Contact] {
        let wanted = Set(whatsappID.lookupForms)
        return try await search(tenant: tenant, kind: .whatsapp, forms: whatsappID.lookupForms) { fields in
            !wanted.isDisjoint(with: fields.whatsappID?.lookupForms ?? [])
        }
    }

    /// The most contacts a search answers (their ids fit one audit event).
    package static let maximumSearchResults = 100

    /// The blind index narrows the search to a few candidates (16-bit digests collide on
    /// purpose); opening them removes the false positives. At most
    /// ``maximumSearchResults`` matches, in id order.
    private func search(
        tenant: UUID,
        kind: CRMKeys.LookupKind,
        forms: [String],
        matches: (ContactFields) -> Bool
    ) async throws -> [Contact] {
        try await database.withTenant(tenant) { connection in
            try await search(tenant: tenant, kind: kind, forms: forms, on: connection, matches: matches)
        }
    }

    /// ``search(tenant:phone:)`` inside a transaction the caller holds.
    func search(tenant: UUID, phone: PhoneNumber, on connection: PostgresConnection) async throws -> [Contact] {
        let wanted = Set(phone.lookupForms)
        return try await search(tenant: tenant, kind: .phone, forms: phone.lookupForms, on: connection) { fields in
            fields.phones.contains { !wanted.isDisjoint(with: $0.phoneNumber?.lookupForms ?? []) }
        }
    }

    /// ``search(tenant:whatsappID:)`` inside a transaction the caller holds.
    func search(tenant: UUID, whatsappID: WhatsAppID, on connection: PostgresConnection) async throws -> [Contact] {
        let wanted = Set(whatsappID.lookupForms)
        return try await search(tenant: tenant, kind: .whatsapp, forms: whatsappID.lookupForms, on: connection) {
            !wanted.isDisjoint(with: $0.whatsappID?.lookupForms ?? [])
        }
    }

    private func search(
        tenant: UUID,
        kind: CRMKeys.LookupKind,
        forms: [String],
        on connection: PostgresConnection,
        matches: (ContactFields) -> Bool
    ) async throws -> [Contact] {
        let index = try await keys.index(kind, tenant: tenant, on: connection)
        let digests = forms.map { index.value($0) }
        let rows = try await connection.execute(
            ContactCandidates(tenant: tenant, kind: kind.rawValue, digests: digests),
            logger: Database.silentLogger
        )
        var candidates: [ContactRow] = []
        for try await row in rows { candidates.append(ContactRow(row)) }
        var found: [Contact] = []
        for row in candidates where found.count < Self.maximumSearchResults {
            if let contact = try row.open(tenant: tenant, keys: keys), matches(contact.fields) {
                found.append(contact)
            }
        }
        return found
    }
}
