package import AsyncHTTPClient
import Foundation
package import Logging
import NIOHTTP1

/// A hand-written client of Meta's Graph API for WhatsApp (reference §5, §7): sends,
/// read receipts, media downloads and template management, over private wire types.
///
/// One injected `HTTPClient` serves every call, each with the caller's `Logger` and a
/// deadline. It never retries: whether a failed send may be sent again is the outbox's
/// decision (``OutboxAttempt``), because the Cloud API has no idempotency key. The access
/// token is a parameter of each call, as each channel (business number) has its own; it goes
/// only into the `Authorization` header, never into a URL or a log line.
package struct GraphClient: Sendable {
    let httpClient: HTTPClient
    let baseURL: String
    let timeout: Duration

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: The shared HTTP client; its lifecycle belongs to the caller.
    ///   - baseURL: The versioned Graph API root, `https://graph.facebook.com/v24.0`, or the
    ///     fake's on loopback.
    ///   - timeout: How long one call may take, answer body included.
    package init(httpClient: HTTPClient, baseURL: String, timeout: Duration = .seconds(15)) {
        self.httpClient = httpClient
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.timeout = timeout
    }

    /// Sends a message (`POST /{phone-number-id}/messages`).
    ///
    /// The message is validated first, so a message breaking a limit never leaves. A 200 means
    /// accepted, not delivered.
    /// - Parameters:
    ///   - message: What to send, to whom.
    ///   - phoneNumberID: The sending business number's id.
    ///   - token: The channel's access token.
    ///   - logger: The caller's logger.
    /// - Returns: The `wamid.…` and recipient ids.
    /// - Throws: ``GraphCallError``.
    package func send(
        _ message: OutboundMessage,
        from phoneNumberID: String,
        token: String,
        logger: Logger
    ) async throws(GraphCallError) -> SendReceipt {
        try message.validate()
        let body: Data
        do {
            body = try message.wireBody()
        } catch {
            throw .invalidMessage(field: "template.components", reason: "finite numbers")
        }
        let answer = try await perform(
            .POST,
            url: url([phoneNumberID, "messages"]),
            body: body,
            token: token,
            operation: "send",
            logger: logger
        )
        let wire = try answer.decode(SendResponse.self)
        guard let sent = wire.messages.first, !sent.id.isEmpty else { throw .malformedResponse }
        return SendReceipt(
            messageID: sent.id,
            input: wire.contacts?.first?.input,
            waID: wire.contacts?.first?.waID,
            messageStatus: sent.messageStatus
        )
    }

    /// Marks an inbound message, and the ones before it, as read (blue ticks).
    /// - Parameters:
    ///   - messageID: The inbound `wamid.…`.
    ///   - phoneNumberID: The business number that received it.
    ///   - token: The channel's access token.
    ///   - logger: The caller's logger.
    /// - Throws: ``GraphCallError``; ``GraphCallError/malformedResponse`` when Meta does not
    ///   answer `{"success":true}`.
    package func markRead(
        messageID: String,
        phoneNumberID: String,
        token: String,
        logger: Logger
    ) async throws(GraphCallError) {
        let body: Data
        do {
            body = try JSONEncoder().encode(ReadReceipt(messageID: messageID))
        } catch {
            throw .invalidMessage(field: "message_id", reason: "a message id")
        }
        let answer = try await perform(
            .POST,
            url: url([phoneNumberID, "messages"]),
            body: body,
            token: token,
            operation: "mark_read",
            logger: logger
        )
        guard try answer.decode(Success.self).success else { throw .malformedResponse }
    }
}

/// `{"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id","message_status"}]}`.
private struct SendResponse: Decodable {
    var contacts: [Contact]?
    var messages: [Message]

    struct Contact: Decodable {
        var input: String?
        var waID: String?

        enum CodingKeys: String, CodingKey {
            case input
            case waID = "wa_id"
        }
    }

    struct Message: Decodable {
        var id: String
        var messageStatus: String?

        enum CodingKeys: String, CodingKey {
            case id
            case messageStatus = "message_status"
        }
    }
}

/// `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.…"}`.
private struct ReadReceipt: Encodable {
    var messagingProduct = "whatsapp"
    var status = "read"
    var messageID: String

    enum CodingKeys: String, CodingKey {
        case messagingProduct = "messaging_product"
        case status
        case messageID = "message_id"
    }
}

/// `{"success":true}`.
struct Success: Decodable {
    var success: Bool
}
