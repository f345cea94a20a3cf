import Foundation
import SigiloStore

/// `POST /whatsapp/channels` and `PATCH /whatsapp/channels/{id}`. On create every field but
/// `label`, `graph_base_url` and `messages_per_second` is required; on update all are
/// optional. Secrets are accepted here and never shown again.
struct ChannelInput: Decodable, Sendable {
    var phoneNumberID: String?
    var wabaID: String?
    var displayNumber: String?
    var label: PatchValue<String>
    var graphBaseURL: String?
    var accessToken: String?
    var appSecret: String?
    var verifyToken: String?
    var messagesPerSecond: Int?
    var status: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case label, status
        case phoneNumberID = "phone_number_id"
        case wabaID = "waba_id"
        case displayNumber = "display_number"
        case graphBaseURL = "graph_base_url"
        case accessToken = "access_token"
        case appSecret = "app_secret"
        case verifyToken = "verify_token"
        case messagesPerSecond = "messages_per_second"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phoneNumberID = try container.decodeIfPresent(String.self, forKey: .phoneNumberID)
        wabaID = try container.decodeIfPresent(String.self, forKey: .wabaID)
        displayNumber = try container.decodeIfPresent(String.self, forKey: .displayNumber)
        label = try PatchValue(container, .label)
        graphBaseURL = try container.decodeIfPresent(String.self, forKey: .graphBaseURL)
        accessToken = try container.decodeIfPresent(String.self, forKey: .accessToken)
        appSecret = try container.decodeIfPresent(String.self, forKey: .appSecret)
        verifyToken = try container.decodeIfPresent(String.self, forKey: .verifyToken)
        messagesPerSecond = try container.decodeIfPresent(Int.self, forKey: .messagesPerSecond)
        status = try container.decodeIfPresent(String.self, forKey: .status)
    }

    /// The changes, each value checked.
    func changes(creating: Bool, defaults: WhatsAppConfiguration) throws -> ChannelChanges {
        var changes = ChannelChanges()
        if creating {
            for (value, field) in [
                (phoneNumberID, "phone_number_id"), (wabaID, "waba_id"), (displayNumber, "display_number"),
                (accessToken, "access_token"), (appSecret, "app_secret"), (verifyToken, "verify_token"),
            ] where value == nil {
                throw APIError.missingField(field)
            }
        } else if phoneNumberID != nil {
            throw APIError.invalidField("phone_number_id", expected: "unchanged: remove the channel and add it again")
        }
        if let phoneNumberID {
            guard ChannelRules.isGraphID(phoneNumberID) else {
                throw APIError.invalidField("phone_number_id", expected: "Meta's phone-number id (digits)")
            }
            changes.phoneNumberID = phoneNumberID
        }
        if let wabaID {
            guard ChannelRules.isGraphID(wabaID) else {
                throw APIError.invalidField("waba_id", expected: "Meta's WhatsApp Business Account id (digits)")
            }
            changes.wabaID = wabaID
        }
        if let displayNumber {
            guard let digits = ChannelRules.displayNumber(displayNumber) else {
                throw APIError.invalidField(
                    "display_number",
                    expected: "the number in international form, 6 to 20 digits"
                )
            }
            changes.displayNumber = digits
        }
        switch label {
        case .absent: break
        case .null: changes.label = .some(nil)
        case .value(let text): changes.label = .some(try FieldRules.text(text, field: "label", characters: 1...100))
        }
        if let base = graphBaseURL ?? (creating ? defaults.defaultGraphBaseURL : nil) {
            guard ChannelRules.isAllowedBaseURL(base, hosts: defaults.graphHosts) else {
                throw APIError.invalidField(
                    "graph_base_url",
                    expected: "an https URL on a host the operator allowed (whatsapp.graphHosts; http only on loopback)"
                )
            }
            changes.graphBaseURL = base
        }
        changes.accessToken = try accessToken.map { try Self.secret($0, field: "access_token", minimum: 16) }
        changes.appSecret = try appSecret.map { try Self.secret($0, field: "app_secret", minimum: 16) }
        changes.verifyToken = try verifyToken.map { try Self.secret($0, field: "verify_token", minimum: 16) }
        if let rate = messagesPerSecond ?? (creating ? defaults.defaultMessagesPerSecond : nil) {
            guard (1...1000).contains(rate) else {
                throw APIError.invalidField("messages_per_second", expected: "an integer from 1 to 1000")
            }
            changes.messagesPerSecond = rate
        }
        if let status {
            guard !creating, let value = WhatsAppChannel.Status(rawValue: status), value != .tokenExpired else {
                throw APIError.invalidField("status", expected: "\"active\" or \"disabled\" (on update)")
            }
            changes.status = value
        }
        return changes
    }

    /// A secret: printable ASCII without spaces, 16 to 512 characters (never echoed).
    private static func secret(_ value: String, field: String, minimum: Int) throws -> String {
        guard (minimum...512).contains(value.count),
            value.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0.isPrintableASCII })
        else {
            throw APIError.invalidField(field, expected: "\(minimum) to 512 printable ASCII characters without spaces")
        }
        return value
    }
}

extension Character {
    fileprivate var isPrintableASCII: Bool {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return false }
        return (0x21...0x7E).contains(scalar.value)
    }
}

/// A channel as the API shows it: never its access token or app secret.
struct ChannelView: Encodable {
    var id: String
    var phoneNumberID: String
    var wabaID: String
    var displayNumber: String
    var label: String?
    var graphBaseURL: String
    var status: String
    var statusReason: String?
    var messagesPerSecond: Int
    var webhookPath: String
    var createdAt: Date
    var updatedAt: Date

    init(_ channel: WhatsAppChannel) {
        id = channel.id.lowercasedString
        phoneNumberID = channel.phoneNumberID
        wabaID = channel.wabaID
        displayNumber = channel.displayNumber
        label = channel.label
        graphBaseURL = channel.graphBaseURL
        status = channel.status.rawValue
        statusReason = channel.statusReason
        messagesPerSecond = channel.messagesPerSecond
        webhookPath = WebhookController.path
        createdAt = channel.createdAt
        updatedAt = channel.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, label, status
        case phoneNumberID = "phone_number_id"
        case wabaID = "waba_id"
        case displayNumber = "display_number"
        case graphBaseURL = "graph_base_url"
        case statusReason = "status_reason"
        case messagesPerSecond = "messages_per_second"
        case webhookPath = "webhook_path"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phoneNumberID, forKey: .phoneNumberID)
        try container.encode(wabaID, forKey: .wabaID)
        try container.encode(displayNumber, forKey: .displayNumber)
        try container.encode(label, forKey: .label)
        try container.encode(graphBaseURL, forKey: .graphBaseURL)
        try container.encode(status, forKey: .status)
        try container.encode(statusReason, forKey: .statusReason)
        try container.encode(messagesPerSecond, forKey: .messagesPerSecond)
        try container.encode(webhookPath, forKey: .webhookPath)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `GET /whatsapp/channels`.
struct ChannelList: Encodable {
    var channels: [ChannelView]
}
