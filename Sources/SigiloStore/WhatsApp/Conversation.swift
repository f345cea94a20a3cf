package import Foundation
package import SigiloCore

/// A conversation: WhatsApp (a contact on one of the tenant's numbers) or reported by another
/// system through attendance events.
package struct Conversation: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        case open, closed
    }

    package var id: UUID
    package var source: String
    package var contactID: UUID?
    package var channelID: UUID?
    package var status: Status
    /// The customer's last message: the 24-hour window runs from here.
    package var lastInboundAt: Date?
    package var openedAt: Date
    package var closedAt: Date?
    package var createdAt: Date
    package var updatedAt: Date
}

/// A stored message, opened.
package struct StoredMessage: Sendable, Equatable {
    package var id: UUID
    package var conversationID: UUID
    /// `inbound` (from the customer) or `outbound`.
    package var direction: String
    package var wamid: String?
    package var content: MessageContent
    package var replyTo: String?
    package var status: String
    package var errorCode: Int?
    package var errorTitle: String?
    /// Sigilo's meaning of the failure (`window_closed`, `invalid_number`, …).
    package var errorReason: String?
    package var sentBy: UUID?
    package var mediaStored: Bool
    package var occurredAt: Date
    package var updatedAt: Date
}
