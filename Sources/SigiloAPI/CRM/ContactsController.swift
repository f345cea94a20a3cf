import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// Contacts: `GET/POST /contacts`, `POST /contacts/search`, `GET/PATCH/DELETE /contacts/{id}`,
/// `POST /contacts/{id}/merge`.
///
/// Every call that reads or writes personal data is recorded in the audit trail before it is
/// answered (``AuditedAccess``); a list or search is one event naming every subject returned.
package struct ContactsController: Sendable {
    /// Largest page: 100 ids fit one audit detail (4 KiB).
    static let maximumPage = 100

    private let contacts: ContactRepository
    private let access: AuditedAccess

    package init(contacts: ContactRepository, access: AuditedAccess) {
        self.contacts = contacts
        self.access = access
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post(
            "/contacts",
            use: access.handler(.contactsWrite, records: CRMAudit.contact("create")) {
                request,
                context,
                identity in
                let body = try await request.decodeJSON(as: ContactInput.self, context: context)
                let contact = try await contacts.create(tenant: identity.tenantID, fields: try body.created())
                let response = try JSONResponse.make(
                    ContactView(contact),
                    status: .created,
                    headers: [.location: "/contacts/\(contact.id.lowercasedString)"]
                )
                return (response, CRMAudit.contact(contact.id))
            }
        )
        routes.get(
            "/contacts",
            use: access.handler(.contactsRead, records: CRMAudit.contact("list")) {
                request,
                _,
                identity in
                let query = request.uri.queryParameters
                let limit = try Self.limit(query.get("limit"))
                let page = try await contacts.list(
                    tenant: identity.tenantID,
                    after: try Self.cursor(query.get("after")),
                    limit: limit,
                    tag: try query.get("tag").map { try FieldRules.text($0, field: "tag", characters: 1...50) },
                    updatedSince: try query.get("updated_since").map {
                        try FieldRules.timestamp($0, field: "updated_since")
                    }
                )
                let next = page.count == limit ? page.last?.id.lowercasedString : nil
                let response = try JSONResponse.make(ContactList(contacts: page.map(ContactView.init), next: next))
                return (response, CRMAudit.subjects(page.map(\.id)))
            }
        )
        routes.post(
            "/contacts/search",
            use: access.handler(.contactsRead, records: CRMAudit.contact("search")) {
                request,
                context,
                identity in
                let body = try await request.decodeJSON(as: ContactSearchInput.self, context: context)
                let found = try await search(body, tenant: identity.tenantID)
                let response = try JSONResponse.make(ContactList(contacts: found.map(ContactView.init), next: nil))
                return (response, CRMAudit.subjects(found.map(\.id)))
            }
        )
        routes.get(
            "/contacts/{id}",
            use: access.handler(.contactsRead, records: CRMAudit.contact("read")) {
                _,
                context,
                identity in
                let id = try Self.contactID(context)
                let contact = try Self.live(try await contacts.find(tenant: identity.tenantID, id: id))
                return (try JSONResponse.make(ContactView(contact)), CRMAudit.contact(id))
            }
        )
        routes.on(
            .patch,
            "/contacts/{id}",
            use: access.handler(.contactsWrite, records: CRMAudit.contact("update")) {
                request,
                context,
                identity in
                let id = try Self.contactID(context)
                let body = try await request.decodeJSON(as: ContactInput.self, context: context)
                let updated = try await contacts.update(tenant: identity.tenantID, id: id) { try body.applied(to: $0) }
                let contact = try Self.live(updated)
                let changed = ContactInput.CodingKeys.allCases.filter { body.mentions($0) }.map(\.stringValue)
                return (
                    try JSONResponse.make(ContactView(contact)),
                    CRMAudit.contact(id, details: ["fields": changed.joined(separator: ",")])
                )
            }
        )
        routes.on(
            .delete,
            "/contacts/{id}",
            use: access.handler(.contactsWrite, records: CRMAudit.contact("delete")) {
                _,
                context,
                identity in
                let id = try Self.contactID(context)
                do {
                    guard try await contacts.delete(tenant: identity.tenantID, id: id) else { throw APIError.notFound }
                } catch let held as ContactRepository.Held {
                    throw APIError.legalHold(held.reasons)
                }
                return (Response(status: .noContent), CRMAudit.contact(id))
            }
        )
        routes.post(
            "/contacts/{id}/merge",
            use: access.handler(.contactsWrite, records: CRMAudit.contact("merge")) {
                request,
                context,
                identity in
                let id = try Self.contactID(context)
                let body = try await request.decodeJSON(as: ContactMergeInput.self, context: context)
                guard let absorbed = UUID(uuidString: body.from) else {
                    throw APIError.invalidField("from", expected: "the id of another contact")
                }
                guard absorbed != id else {
                    throw APIError.invalidField("from", expected: "another contact than the survivor")
                }
                do {
                    let merged = try await contacts.merge(tenant: identity.tenantID, survivor: id, absorbed: absorbed)
                    return (
                        try JSONResponse.make(ContactView(merged)),
                        CRMAudit.contact(id, details: ["absorbed": absorbed.lowercasedString])
                    )
                } catch ContactRepository.MergeRefusal.notFound(let missing) {
                    throw missing == id
                        ? APIError.notFound
                        : APIError.invalidField("from", expected: "the id of a contact of your tenant")
                } catch ContactRepository.MergeRefusal.alreadyMerged(let merged, let into) {
                    throw APIError.contactMerged(merged, into: into)
                } catch ContactRepository.MergeRefusal.hasComplianceRecords {
                    throw APIError(
                        .conflict,
                        code: "contact_has_compliance_records",
                        message: "The contact to merge has data-subject requests, or a legal hold "
                            + "is on either contact; merge it the other way round (keep it as the survivor)."
                    )
                } catch ContactRepository.MergeRefusal.hasConversations {
                    throw APIError(
                        .conflict,
                        code: "contact_has_conversations",
                        message: "The contact to merge has WhatsApp conversations; merge it the other way round "
                            + "(keep it as the survivor) or delete its conversations first."
                    )
                } catch ContactRepository.MergeRefusal.tooLarge(let field) {
                    throw APIError.conflict(
                        "The merged contact would hold too many \(field) (limits: 20 phones, 20 e-mails, notes of "
                            + "10000 characters); remove some from either contact first."
                    )
                }
            }
        )
    }

    private func search(_ body: ContactSearchInput, tenant: UUID) async throws -> [Contact] {
        let given = [body.phone, body.email, body.whatsappID].compactMap { $0 }.count
        guard given == 1 else {
            throw APIError.invalidField(
                "(body)",
                expected: "an object with exactly one of 'phone', 'email', 'whatsapp_id'"
            )
        }
        if let text = body.phone {
            guard let phone = try? PhoneNumber(text) else {
                throw APIError.invalidField("phone", expected: "a telephone number")
            }
            return try await contacts.search(tenant: tenant, phone: phone)
        }
        if let text = body.email {
            guard let email = EmailAddress(text) else {
                throw APIError.invalidField("email", expected: "an e-mail address")
            }
            return try await contacts.search(tenant: tenant, email: email)
        }
        guard let text = body.whatsappID, let id = WhatsAppID(text) else {
            throw APIError.invalidField("whatsapp_id", expected: "a WhatsApp id: 8 to 15 digits, country code first")
        }
        return try await contacts.search(tenant: tenant, whatsappID: id)
    }

    static func contactID(_ context: SigiloRequestContext) throws -> UUID {
        try context.pathID()
    }

    /// The contact of a lookup, or the error for a missing or merged one.
    static func live(_ found: ContactRepository.Found?) throws -> Contact {
        switch found {
        case .contact(let contact): return contact
        case .merged(let into): throw APIError.contactMerged(nil, into: into)
        case nil: throw APIError.notFound
        }
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 50 }
        guard let value = Int(text), (1...maximumPage).contains(value) else {
            throw APIError.invalidField("limit", expected: "an integer from 1 to \(maximumPage)")
        }
        return value
    }

    static func cursor(_ text: String?) throws -> UUID? {
        try text.map {
            guard let id = UUID(uuidString: $0) else { throw APIError.invalidField("after", expected: "a contact id") }
            return id
        }
    }
}

extension ContactInput {
    /// Whether the body set (or cleared) `key`.
    func mentions(_ key: CodingKeys) -> Bool {
        switch key {
        case .name: name != nil
        case .phones: phones != nil
        case .emails: emails != nil
        case .tags: tags != nil
        case .notes: if case .absent = notes { false } else { true }
        case .cadence: if case .absent = cadence { false } else { true }
        case .whatsappID: if case .absent = whatsappID { false } else { true }
        case .optIn: optIn != nil
        }
    }
}
