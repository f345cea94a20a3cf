package import Foundation
import Synchronization

extension FakeGraphAPI {
    /// Delivers one customer message as a signed Meta webhook to the webhook URL, `copies` times
    /// (Meta delivers at least once), and opens the 24-hour window for that customer.
    ///
    /// - Returns: The message's `wamid` and the HTTP status the receiver answered (the last copy's).
    /// - Throws: ``FakeGraphError`` for a missing webhook URL or unknown ids; transport errors.
    @discardableResult
    package func deliverInbound(
        _ inbound: SimulatedInbound,
        copies: Int = 1
    ) async throws -> (
        messageID: String, status: Int
    ) {
        let batch = try inboundBatch([[[inbound]]])
        var status = 0
        for _ in 0..<max(1, copies) {
            status = try await deliverWebhook(body: batch.body, secret: configuration.appSecret)
        }
        return (batch.messageIDs[0], status)
    }

    /// POSTs `body` as is to the webhook URL, signed with `secret` (none when nil), once.
    ///
    /// - Returns: The HTTP status answered.
    package func deliverWebhook(body: Data, secret: String?) async throws -> Int {
        guard let url = state.withLock({ $0.webhookURL }) else { throw FakeGraphError.noWebhookURL }
        return try await WebhookPoster.post(Array(body), to: url, secret: secret)
    }

    /// Builds one webhook body of several entries, each of several `messages` changes, each of
    /// several messages (all of one change share its phone number), and opens their windows.
    /// Post it with ``deliverWebhook(body:secret:)``.
    ///
    /// - Parameter entries: entries × changes × messages.
    /// - Returns: The exact body bytes and the message ids in order.
    package func inboundBatch(_ entries: [[[SimulatedInbound]]]) throws -> (body: Data, messageIDs: [String]) {
        var messageIDs: [String] = []
        var built: [(wabaID: String, changes: [MetaJSON])] = []
        for entry in entries {
            var changes: [MetaJSON] = []
            var wabaID = configuration.phoneNumbers.first?.wabaID ?? ""
            for change in entry {
                let phoneID = change.first?.phoneNumberID ?? configuration.phoneNumbers.first?.id ?? ""
                guard let phone = phoneNumber(phoneID) else { throw FakeGraphError.unknownID(phoneID) }
                wabaID = phone.wabaID
                var contacts: [MetaJSON] = []
                var messages: [MetaJSON] = []
                for inbound in change {
                    let (contact, message, id) = try inboundMessage(inbound, phone: phone)
                    contacts.append(contact)
                    messages.append(message)
                    messageIDs.append(id)
                }
                changes.append(
                    WebhookEnvelope.messagesChange(
                        phone: phone,
                        [("contacts", .array(contacts)), ("messages", .array(messages))]
                    )
                )
            }
            built.append((wabaID, changes))
        }
        return (WebhookEnvelope.envelope(built).data, messageIDs)
    }

    private func inboundMessage(_ inbound: SimulatedInbound, phone: PhoneNumber) throws -> (MetaJSON, MetaJSON, String)
    {
        let waID = WhatsAppID.canonical(inbound.from)
        let (now, serial) = state.withLock { state in
            state.lastInbound[Self.windowKey(phone.id, waID)] = state.now
            return (state.now, state.nextSerial())
        }
        let id = inbound.messageID ?? "wamid.HBgN\(waID)FQIAEhgU\(serial)IN\(UUID().uuidString.prefix(8))=="
        state.withLock { _ = $0.knownMessages.insert(id) }
        let (type, content) = try inboundContent(inbound.content)
        let contact = MetaJSON.fields([
            "profile": inbound.profileName.map { ["name": .string($0)] },
            "wa_id": inbound.omitPhone ? nil : .string(waID),
            "user_id": inbound.userID.map(MetaJSON.string),
        ])
        let message = MetaJSON.fields([
            "context": inbound.replyTo.map { ["from": .string(phone.displayNumber), "id": .string($0)] },
            "from": inbound.omitPhone ? nil : .string(waID), "from_user_id": inbound.userID.map(MetaJSON.string),
            "id": .string(id), "timestamp": .string(String(Int(now.timeIntervalSince1970))), "type": .string(type),
            type: content,
        ])
        return (contact, message, id)
    }

    private func inboundContent(_ content: SimulatedInbound.Content) throws -> (String, MetaJSON) {
        switch content {
        case .text(let body):
            return ("text", ["body": .string(body)])
        case .image(let mediaID, let caption):
            guard let media = state.withLock({ $0.media[mediaID] }) else { throw FakeGraphError.unknownID(mediaID) }
            let image = MetaJSON.fields([
                "caption": caption.map(MetaJSON.string), "mime_type": .string(media.mimeType),
                "sha256": .string(media.sha256), "id": .string(media.id),
            ])
            return ("image", image)
        case .buttonReply(let id, let title):
            return (
                "interactive", ["type": "button_reply", "button_reply": ["id": .string(id), "title": .string(title)]]
            )
        case .reaction(let messageID, let emoji):
            return ("reaction", .fields(["message_id": .string(messageID), "emoji": emoji.map(MetaJSON.string)]))
        case .location(let latitude, let longitude, let name, let address):
            let location = MetaJSON.fields([
                "latitude": .double(latitude), "longitude": .double(longitude), "name": name.map(MetaJSON.string),
                "address": address.map(MetaJSON.string),
            ])
            return ("location", location)
        }
    }
}
