/// Meta's answer to an accepted send (reference §5). Accepted is not delivered: failures such
/// as 131047 or 131026 may still arrive later as a `failed` status webhook.
package struct SendReceipt: Sendable, Equatable {
    /// The `wamid.…` of the message, the key its status webhooks carry.
    package var messageID: String
    /// `contacts[0].input`: the recipient as sent.
    package var input: String?
    /// `contacts[0].wa_id`: the recipient's canonical id, which may differ from the number sent
    /// (Brazil's ninth digit, reference §8).
    package var waID: String?
    /// `accepted` or `held_for_quality_assessment`, when Meta says.
    package var messageStatus: String?

    /// Creates a receipt.
    /// - Parameters:
    ///   - messageID: The `wamid.…`.
    ///   - input: The recipient as sent.
    ///   - waID: The recipient's canonical id.
    ///   - messageStatus: Meta's `message_status`.
    package init(messageID: String, input: String? = nil, waID: String? = nil, messageStatus: String? = nil) {
        self.messageID = messageID
        self.input = input
        self.waID = waID
        self.messageStatus = messageStatus
    }
}
