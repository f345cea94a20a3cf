import Foundation

/// Everything a contact holds, as the API writes it and the store seals it.
///
/// Name, phones, e-mails, notes and WhatsApp id are personal data: the store seals each under
/// the contact's own key. Tags, opt-in status and cadence stay in clear so lists can filter on
/// them; tags must therefore never hold personal data (docs/encryption.md says so to users).
package struct ContactFields: Sendable, Equatable {
    package var name: String
    package var phones: [ContactPhone]
    package var emails: [ContactEmail]
    package var tags: [String]
    package var notes: String?
    package var cadence: Cadence?
    package var whatsappID: WhatsAppID?
    package var optIn: OptInStatus

    package init(
        name: String,
        phones: [ContactPhone] = [],
        emails: [ContactEmail] = [],
        tags: [String] = [],
        notes: String? = nil,
        cadence: Cadence? = nil,
        whatsappID: WhatsAppID? = nil,
        optIn: OptInStatus = .unknown
    ) {
        self.name = name
        self.phones = phones
        self.emails = emails
        self.tags = tags
        self.notes = notes
        self.cadence = cadence
        self.whatsappID = whatsappID
        self.optIn = optIn
    }
}

/// One telephone number of a contact.
package struct ContactPhone: Sendable, Equatable, Codable {
    package var number: String
    /// Free label chosen by the agent (`celular`, `trabalho`).
    package var label: String?
    /// False once the number proved undeliverable (Meta error 131026, or an agent's mark).
    package var valid: Bool

    package init(number: PhoneNumber, label: String? = nil, valid: Bool = true) {
        self.number = number.e164
        self.label = label
        self.valid = valid
    }

    /// The number in E.164.
    package var phoneNumber: PhoneNumber? { try? PhoneNumber(number) }
}

/// One e-mail address of a contact, normalised (``EmailAddress``).
package struct ContactEmail: Sendable, Equatable, Codable {
    package var address: String
    package var label: String?

    package init(address: EmailAddress, label: String? = nil) {
        self.address = address.value
        self.label = label
    }
}

/// Whether the contact agreed to receive business-initiated WhatsApp messages.
package enum OptInStatus: String, Sendable, Codable, CaseIterable {
    case unknown
    case optedIn = "opted_in"
    case optedOut = "opted_out"

    /// The status of a merged contact: an opt-out on either record wins, then an opt-in.
    package func merged(with other: OptInStatus) -> OptInStatus {
        if self == .optedOut || other == .optedOut { return .optedOut }
        if self == .optedIn || other == .optedIn { return .optedIn }
        return .unknown
    }
}

/// How often the business wants to touch base with a contact (the relationship issue's
/// scheduler reads it).
package struct Cadence: Sendable, Equatable, Codable {
    package enum Unit: String, Sendable, Codable, CaseIterable {
        case days, weeks, months
    }

    /// 1 to 365.
    package var every: Int
    package var unit: Unit

    package init(every: Int, unit: Unit) {
        self.every = every
        self.unit = unit
    }
}
