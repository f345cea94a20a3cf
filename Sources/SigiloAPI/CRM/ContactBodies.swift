import Foundation
import SigiloCore

/// A phone as the API receives it.
struct PhoneInput: Decodable, Sendable {
    var number: String
    var label: String?
    var valid: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, label, valid
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(String.self, forKey: .number)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        valid = try container.decodeIfPresent(Bool.self, forKey: .valid)
    }
}

/// An e-mail as the API receives it.
struct EmailInput: Decodable, Sendable {
    var address: String
    var label: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case address, label
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(String.self, forKey: .address)
        label = try container.decodeIfPresent(String.self, forKey: .label)
    }
}

/// A cadence as the API receives it.
struct CadenceInput: Decodable, Sendable {
    var every: Int
    var unit: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case every, unit
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        every = try container.decode(Int.self, forKey: .every)
        unit = try container.decode(String.self, forKey: .unit)
    }
}

/// `POST /contacts` and `PATCH /contacts/{id}`: on PATCH every field is optional, and
/// `notes`, `cadence` and `whatsapp_id` take `null` to clear them.
struct ContactInput: Decodable, Sendable {
    var name: String?
    var phones: [PhoneInput]?
    var emails: [EmailInput]?
    var tags: [String]?
    var notes: PatchValue<String>
    var cadence: PatchValue<CadenceInput>
    var whatsappID: PatchValue<String>
    var optIn: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, phones, emails, tags, notes, cadence
        case whatsappID = "whatsapp_id"
        case optIn = "opt_in"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        phones = try container.decodeIfPresent([PhoneInput].self, forKey: .phones)
        emails = try container.decodeIfPresent([EmailInput].self, forKey: .emails)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        notes = try PatchValue(container, .notes)
        cadence = try PatchValue(container, .cadence)
        whatsappID = try PatchValue(container, .whatsappID)
        optIn = try container.decodeIfPresent(String.self, forKey: .optIn)
    }

    /// The fields of a new contact; `name` is required.
    func created() throws -> ContactFields {
        guard name != nil else { throw APIError.missingField("name") }
        return try applied(to: ContactFields(name: ""))
    }

    /// `current` with this body's fields applied, every one checked.
    func applied(to current: ContactFields) throws -> ContactFields {
        var fields = current
        if let name { fields.name = try FieldRules.text(name, field: "name", characters: 1...200) }
        if let phones { fields.phones = try Self.phones(phones) }
        if let emails { fields.emails = try Self.emails(emails) }
        if let tags { fields.tags = try Self.tags(tags) }
        fields.notes = try notes.applied(to: current.notes).map {
            try FieldRules.text($0, field: "notes", characters: 1...10_000, multiline: true)
        }
        switch cadence {
        case .absent: break
        case .null: fields.cadence = nil
        case .value(let input): fields.cadence = try Self.cadence(input)
        }
        switch whatsappID {
        case .absent: break
        case .null: fields.whatsappID = nil
        case .value(let text):
            guard let id = WhatsAppID(text) else {
                throw APIError.invalidField(
                    "whatsapp_id",
                    expected: "a WhatsApp id: 8 to 15 digits, country code first"
                )
            }
            fields.whatsappID = id
        }
        if let optIn { fields.optIn = try FieldRules.oneOf(optIn, as: OptInStatus.self, field: "opt_in") }
        return fields
    }

    private static func phones(_ inputs: [PhoneInput]) throws -> [ContactPhone] {
        try FieldRules.count(inputs, field: "phones", maximum: 20)
        var phones: [ContactPhone] = []
        for (index, input) in inputs.enumerated() {
            let number: PhoneNumber
            do {
                number = try PhoneNumber(input.number)
            } catch {
                throw APIError.invalidField("phones[\(index)].number", expected: "a telephone number (\(error))")
            }
            guard !phones.contains(where: { $0.number == number.e164 }) else {
                throw APIError.invalidField(
                    "phones[\(index)].number",
                    expected: "different from the contact's other phones"
                )
            }
            let label = try input.label.map {
                try FieldRules.text($0, field: "phones[\(index)].label", characters: 1...40)
            }
            phones.append(ContactPhone(number: number, label: label, valid: input.valid ?? true))
        }
        return phones
    }

    private static func emails(_ inputs: [EmailInput]) throws -> [ContactEmail] {
        try FieldRules.count(inputs, field: "emails", maximum: 20)
        var emails: [ContactEmail] = []
        for (index, input) in inputs.enumerated() {
            guard let address = EmailAddress(input.address) else {
                throw APIError.invalidField("emails[\(index)].address", expected: "an e-mail address")
            }
            guard !emails.contains(where: { $0.address == address.value }) else {
                throw APIError.invalidField(
                    "emails[\(index)].address",
                    expected: "different from the contact's other addresses"
                )
            }
            let label = try input.label.map {
                try FieldRules.text($0, field: "emails[\(index)].label", characters: 1...40)
            }
            emails.append(ContactEmail(address: address, label: label))
        }
        return emails
    }

    private static func tags(_ inputs: [String]) throws -> [String] {
        try FieldRules.count(inputs, field: "tags", maximum: 50)
        var tags: [String] = []
        for (index, input) in inputs.enumerated() {
            let tag = try FieldRules.text(input, field: "tags[\(index)]", characters: 1...50)
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    private static func cadence(_ input: CadenceInput) throws -> Cadence {
        guard (1...365).contains(input.every) else {
            throw APIError.invalidField("cadence.every", expected: "an integer from 1 to 365")
        }
        return Cadence(
            every: input.every,
            unit: try FieldRules.oneOf(input.unit, as: Cadence.Unit.self, field: "cadence.unit")
        )
    }
}

/// `POST /contacts/search`: exactly one of the three, in the body so that no phone number or
/// e-mail address ever appears in a URL (and so in access logs or proxies).
struct ContactSearchInput: Decodable, Sendable {
    var phone: String?
    var email: String?
    var whatsappID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phone, email
        case whatsappID = "whatsapp_id"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phone = try container.decodeIfPresent(String.self, forKey: .phone)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        whatsappID = try container.decodeIfPresent(String.self, forKey: .whatsappID)
    }
}

/// `POST /contacts/{id}/merge`.
struct ContactMergeInput: Decodable, Sendable {
    var from: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case from
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        from = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .from)
    }
}

/// A contact as the API shows it, opened.
struct ContactView: Encodable {
    var id: String
    var name: String
    var phones: [ContactPhone]
    var emails: [ContactEmail]
    var tags: [String]
    var notes: String?
    var cadence: Cadence?
    var whatsappID: String?
    var optIn: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, phones, emails, tags, notes, cadence
        case whatsappID = "whatsapp_id"
        case optIn = "opt_in"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ contact: Contact) {
        id = contact.id.lowercasedString
        name = contact.fields.name
        phones = contact.fields.phones
        emails = contact.fields.emails
        tags = contact.fields.tags
        notes = contact.fields.notes
        cadence = contact.fields.cadence
        whatsappID = contact.fields.whatsappID?.digits
        optIn = contact.fields.optIn.rawValue
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
    }

    /// `null` fields are written out, so a client sees the full shape every time.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(phones, forKey: .phones)
        try container.encode(emails, forKey: .emails)
        try container.encode(tags, forKey: .tags)
        try container.encode(notes, forKey: .notes)
        try container.encode(cadence, forKey: .cadence)
        try container.encode(whatsappID, forKey: .whatsappID)
        try container.encode(optIn, forKey: .optIn)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A page of contacts; `next` is the `after` cursor of the following page.
struct ContactList: Encodable {
    var contacts: [ContactView]
    var next: String?
}
