package import Foundation

/// A delivery receipt of an outbound message (`statuses[]`). Receipts arrive out of order and
/// more than once: apply one only when it ranks above the stored status (``DeliveryStatus``).
package struct StatusUpdate: Decodable, Sendable {
    /// The `wamid.…` of the message sent.
    package var messageID: String
    package var status: DeliveryStatus
    package var timestamp: Date
    package var recipientID: String?
    /// The business-scoped user id of a username recipient (2026).
    package var recipientUserID: String?
    /// Why a `failed` message failed: Meta's code and title are kept.
    package var errors: [GraphError]
    package var pricingCategory: String?
    /// `biz_opaque_callback_data` echoed from the send: Sigilo puts its own message id there,
    /// so a receipt that beats the send response still finds its message.
    package var callbackData: String?

    enum CodingKeys: String, CodingKey {
        case id, status, timestamp, errors, pricing
        case callbackData = "biz_opaque_callback_data"
        case recipientID = "recipient_id"
        case recipientUserID = "recipient_user_id"
    }

    enum PricingKeys: String, CodingKey {
        case category
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try container.decode(String.self, forKey: .id)
        status = DeliveryStatus(rawValue: try container.decode(String.self, forKey: .status))
        timestamp = try UnixSeconds.decode(container, .timestamp)
        recipientID = try container.decodeIfPresent(String.self, forKey: .recipientID)
        recipientUserID = try container.decodeIfPresent(String.self, forKey: .recipientUserID)
        errors = try container.decodeIfPresent([GraphError].self, forKey: .errors) ?? []
        callbackData = try container.decodeIfPresent(String.self, forKey: .callbackData)
        if container.contains(.pricing) {
            pricingCategory = try container.nestedContainer(keyedBy: PricingKeys.self, forKey: .pricing)
                .decodeIfPresent(String.self, forKey: .category)
        }
    }
}

/// Where an outbound message is: `sent` < `delivered` < `read` (`played` for voice ranks with
/// read); `failed` is terminal. Unknown statuses are kept by name and never move a message.
package enum DeliveryStatus: Sendable, Equatable {
    case sent, delivered, read, played, failed
    case other(String)

    package init(rawValue: String) {
        switch rawValue {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read": self = .read
        case "played": self = .played
        case "failed": self = .failed
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .sent: "sent"
        case .delivered: "delivered"
        case .read: "read"
        case .played: "played"
        case .failed: "failed"
        case .other(let name): name
        }
    }

    /// Order of progress; `failed` outranks everything, unknown statuses nothing.
    package var rank: Int {
        switch self {
        case .other: 0
        case .sent: 1
        case .delivered: 2
        case .read, .played: 3
        case .failed: 4
        }
    }

    /// Whether a receipt with this status should replace `current` (never backwards, never
    /// out of `failed`).
    package func advances(from current: DeliveryStatus?) -> Bool {
        guard let current else { return rank > 0 }
        return rank > current.rank
    }
}
