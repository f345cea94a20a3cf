package import Foundation

/// A Meta webhook POST body, parsed after its signature was checked (``WebhookSignature``).
///
/// One POST may batch several entries, changes, messages and statuses, in no guaranteed
/// order (reference §4): iterate ``changes``. Changes of other fields
/// (`message_template_status_update`, `account_update`, …) are kept with no value, for the
/// caller to route or ignore.
package struct WebhookPayload: Decodable, Sendable {
    /// `whatsapp_business_account` for WhatsApp.
    package var object: String
    package var entries: [Entry]

    /// One WhatsApp Business Account's part of the POST.
    package struct Entry: Decodable, Sendable {
        /// The WABA id.
        package var id: String
        package var changes: [Change]
    }

    /// One change: a `field` and, for `messages`, its value.
    package struct Change: Decodable, Sendable {
        package var field: String
        /// Present for `field == "messages"` only.
        package var value: ChangeValue?

        enum CodingKeys: String, CodingKey {
            case field, value
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            field = try container.decode(String.self, forKey: .field)
            value = field == "messages" ? try container.decodeIfPresent(ChangeValue.self, forKey: .value) : nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case object
        case entries = "entry"
    }

    /// Every `messages` change of the POST with the WABA it came from, in order.
    package var messageChanges: [(waba: String, value: ChangeValue)] {
        entries.flatMap { entry in
            entry.changes.compactMap { change in change.value.map { (entry.id, $0) } }
        }
    }

    /// Parses a raw body.
    package static func parse(_ body: Data) throws -> WebhookPayload {
        try JSONDecoder().decode(WebhookPayload.self, from: body)
    }
}

/// The value of a `messages` change: inbound messages, status receipts or system errors, for
/// one business phone number.
package struct ChangeValue: Decodable, Sendable {
    /// The business number the change is about; routes it to a tenant's channel.
    package var phoneNumberID: String?
    package var displayPhoneNumber: String?
    package var contacts: [WebhookContact]
    package var messages: [InboundMessage]
    package var statuses: [StatusUpdate]
    package var errors: [GraphError]

    enum CodingKeys: String, CodingKey {
        case metadata, contacts, messages, statuses, errors
    }

    enum MetadataKeys: String, CodingKey {
        case phoneNumberID = "phone_number_id"
        case displayPhoneNumber = "display_phone_number"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.metadata) {
            let metadata = try container.nestedContainer(keyedBy: MetadataKeys.self, forKey: .metadata)
            phoneNumberID = try metadata.decodeIfPresent(String.self, forKey: .phoneNumberID)
            displayPhoneNumber = try metadata.decodeIfPresent(String.self, forKey: .displayPhoneNumber)
        }
        contacts = try container.decodeIfPresent([WebhookContact].self, forKey: .contacts) ?? []
        messages = try container.decodeIfPresent([InboundMessage].self, forKey: .messages) ?? []
        statuses = try container.decodeIfPresent([StatusUpdate].self, forKey: .statuses) ?? []
        errors = try container.decodeIfPresent([GraphError].self, forKey: .errors) ?? []
    }
}

/// The sender's profile: `wa_id` (digits), or only a business-scoped `user_id` for a
/// WhatsApp username (2026), and the profile name.
package struct WebhookContact: Decodable, Sendable, Equatable {
    package var waID: String?
    package var userID: String?
    package var name: String?

    enum CodingKeys: String, CodingKey {
        case waID = "wa_id"
        case userID = "user_id"
        case profile
    }

    enum ProfileKeys: String, CodingKey {
        case name
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        waID = try container.decodeIfPresent(String.self, forKey: .waID)
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
        if container.contains(.profile) {
            name = try container.nestedContainer(keyedBy: ProfileKeys.self, forKey: .profile)
                .decodeIfPresent(String.self, forKey: .name)
        }
    }
}

/// An error object of the Graph API, in webhooks (`errors[]` of a value, message or status)
/// and in HTTP answers: the code carries the meaning (reference §6).
package struct GraphError: Decodable, Sendable, Equatable {
    package var code: Int
    package var title: String?
    package var message: String?
    package var details: String?

    enum CodingKeys: String, CodingKey {
        case code, title, message
        case errorData = "error_data"
    }

    enum DataKeys: String, CodingKey {
        case details
    }

    package init(code: Int, title: String? = nil, message: String? = nil, details: String? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.details = details
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(Int.self, forKey: .code)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        if container.contains(.errorData) {
            details = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .errorData)
                .decodeIfPresent(String.self, forKey: .details)
        }
    }
}

/// Meta's timestamps are strings of Unix seconds; numbers are accepted too.
enum UnixSeconds {
    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date {
        if let text = try? container.decode(String.self, forKey: key), let seconds = TimeInterval(text) {
            return Date(timeIntervalSince1970: seconds)
        }
        return Date(timeIntervalSince1970: try container.decode(TimeInterval.self, forKey: key))
    }
}
