package import Foundation

/// A tenant's WhatsApp Business number as the API shows it: never its access token or app
/// secret, which stay sealed (``ChannelCredentials`` carries them, opened, to the sender).
package struct WhatsAppChannel: Sendable, Equatable {
    /// `active`; `token_expired` after Meta's code 190 (sending paused until a new token);
    /// `disabled` by an admin (webhooks for it are refused).
    package enum Status: String, Sendable, Codable, CaseIterable {
        case active
        case tokenExpired = "token_expired"
        case disabled
    }

    package var id: UUID
    package var phoneNumberID: String
    package var wabaID: String
    package var displayNumber: String
    package var label: String?
    package var graphBaseURL: String
    package var status: Status
    package var statusReason: String?
    package var messagesPerSecond: Int
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: UUID,
        phoneNumberID: String,
        wabaID: String,
        displayNumber: String,
        label: String?,
        graphBaseURL: String,
        status: Status,
        statusReason: String?,
        messagesPerSecond: Int,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.phoneNumberID = phoneNumberID
        self.wabaID = wabaID
        self.displayNumber = displayNumber
        self.label = label
        self.graphBaseURL = graphBaseURL
        self.status = status
        self.statusReason = statusReason
        self.messagesPerSecond = messagesPerSecond
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A channel's secrets, opened for one use (a send, a media download, a signature check).
/// Its description is redacted so it can never reach a log by interpolation.
package struct ChannelCredentials: Sendable, CustomStringConvertible {
    package var accessToken: String
    package var appSecret: String

    package init(accessToken: String, appSecret: String) {
        self.accessToken = accessToken
        self.appSecret = appSecret
    }

    package var description: String { "ChannelCredentials(<redacted>)" }
}

/// What creating or changing a channel sets; nil leaves a value as it is on update.
package struct ChannelChanges: Sendable {
    package var phoneNumberID: String?
    package var wabaID: String?
    package var displayNumber: String?
    package var label: String??
    package var graphBaseURL: String?
    package var accessToken: String?
    package var appSecret: String?
    package var verifyToken: String?
    package var messagesPerSecond: Int?
    package var status: WhatsAppChannel.Status?

    package init() {}
}
