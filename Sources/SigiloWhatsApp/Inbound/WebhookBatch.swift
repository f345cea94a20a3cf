import Foundation
import SigiloCore
import SigiloStore

/// What one transaction of inbound processing does with a tenant's webhook events: every
/// message of every change of every entry (Meta batches them, in no order) and every status
/// receipt. Idempotent: a message already stored is skipped, a receipt never moves a message
/// backwards, so events delivered again, or processed again after a crash, change nothing.
struct WebhookBatch {
    /// The tenant's channels by phone-number id: changes for other numbers are left alone.
    let channels: [String: UUID]
    let tenant: UUID
    let writer: InboundWriter

    /// Counts of what happened, for metrics and tests.
    struct Tally: Sendable, Equatable {
        var messages = 0
        var duplicates = 0
        var statuses = 0
        var ignoredStatuses = 0
        var optOuts = 0
        var media: [(message: UUID, mediaID: String, channel: UUID)] = []

        static func == (lhs: Tally, rhs: Tally) -> Bool {
            lhs.messages == rhs.messages && lhs.duplicates == rhs.duplicates && lhs.statuses == rhs.statuses
                && lhs.ignoredStatuses == rhs.ignoredStatuses && lhs.optOuts == rhs.optOuts
        }
    }

    /// A customer message to store, with what the batch knows of its sender.
    private struct Arrival {
        /// The index of the payload it came in.
        var payload: Int
        var message: InboundMessage
        var whatsappID: WhatsAppID?
        var profileName: String?
        var channel: UUID
    }

    /// Processes several events' payloads set-wise: one question for which messages are
    /// already stored, one lookup for their senders, one statement for their conversations
    /// and one for the messages; only new customers and username users take a step each.
    /// - Returns: for each payload, the contacts it names (senders, recipients of receipts).
    func process(_ payloads: [WebhookPayload], tally: inout Tally) async throws -> [Set<UUID>] {
        let ids = payloads.flatMap { $0.messageChanges.flatMap { $0.value.messages.map(\.id) } }
        let stored = try await writer.known(wamids: ids)
        var known = Set(stored.keys)
        var mentioned = [Set<UUID>](repeating: [], count: payloads.count)
        var arrivals: [Arrival] = []
        var repeated: [(payload: Int, wamid: String)] = []
        var statuses: [(payload: Int, status: StatusUpdate)] = []
        for (index, payload) in payloads.enumerated() {
            for (_, value) in payload.messageChanges {
                guard let phoneNumberID = value.phoneNumberID, let channel = channels[phoneNumberID] else { continue }
                for message in value.messages.sorted(by: { $0.timestamp < $1.timestamp }) {
                    // Stored before (Meta retried), or earlier in this very batch.
                    guard known.insert(message.id).inserted else {
                        // A repeat still names its sender: erasing them deletes this body too.
                        if let contact = stored[message.id] ?? nil {
                            mentioned[index].insert(contact)
                        } else {
                            repeated.append((index, message.id))
                        }
                        tally.duplicates += 1
                        continue
                    }
                    let whatsappID = message.from.flatMap(WhatsAppID.init)
                    guard whatsappID != nil || message.fromUserID != nil else { continue }
                    let profile = value.contacts.first {
                        ($0.waID != nil && $0.waID == message.from)
                            || ($0.userID != nil && $0.userID == message.fromUserID)
                    }
                    arrivals.append(
                        Arrival(
                            payload: index,
                            message: message,
                            whatsappID: whatsappID,
                            profileName: profile?.name,
                            channel: channel
                        )
                    )
                }
                statuses.append(contentsOf: value.statuses.map { (index, $0) })
            }
        }
        var senders: [String: UUID] = [:]
        for (arrival, contact) in zip(arrivals, try await receive(arrivals, tally: &tally)) {
            mentioned[arrival.payload].insert(contact)
            senders[arrival.message.id] = contact
        }
        for (payload, wamid) in repeated {
            if let contact = senders[wamid] { mentioned[payload].insert(contact) }
        }
        for (index, status) in statuses {
            if let contact = try await apply(status, tally: &tally) { mentioned[index].insert(contact) }
        }
        return mentioned
    }

    /// Stores the arrivals; returns each one's contact.
    private func receive(_ arrivals: [Arrival], tally: inout Tally) async throws -> [UUID] {
        guard !arrivals.isEmpty else { return [] }
        let contacts = try await senders(of: arrivals)
        var latest: [InboundWriter.ConversationKey: Date] = [:]
        for (arrival, contact) in zip(arrivals, contacts) {
            let key = InboundWriter.ConversationKey(contact: contact.id, channel: arrival.channel)
            latest[key] = max(latest[key] ?? arrival.message.timestamp, arrival.message.timestamp)
        }
        let conversations = try await writer.conversations(latest)
        var inbound: [InboundWriter.Inbound] = []
        for (arrival, contact) in zip(arrivals, contacts) {
            let key = InboundWriter.ConversationKey(contact: contact.id, channel: arrival.channel)
            guard let conversation = conversations[key] else { throw BatchError.conversationMissing }
            inbound.append(
                InboundWriter.Inbound(
                    conversation: conversation.id,
                    contact: contact.id,
                    wamid: arrival.message.id,
                    content: arrival.message.stored,
                    replyTo: arrival.message.replyTo,
                    occurredAt: arrival.message.timestamp
                )
            )
        }
        let stored = try await writer.insert(inbound)
        var announced: Set<UUID> = []
        var optedOut: Set<UUID> = []
        for (arrival, (contact, message)) in zip(arrivals, zip(contacts, inbound)) {
            // Absent: stored meanwhile by another batch holding a retry of the same event.
            guard let id = stored[message.wamid] else {
                tally.duplicates += 1
                continue
            }
            tally.messages += 1
            if contact.created { writer.audit(event("contact.create", contact: contact.id, resource: contact.id)) }
            let key = InboundWriter.ConversationKey(contact: contact.id, channel: arrival.channel)
            if conversations[key]?.opened == true, announced.insert(message.conversation).inserted {
                writer.audit(
                    event(
                        "conversation.open",
                        contact: contact.id,
                        resource: message.conversation,
                        type: "conversation"
                    )
                )
            }
            writer.audit(
                event(
                    "message.receive",
                    contact: contact.id,
                    resource: id,
                    type: "message",
                    details: ["conversation": message.conversation.lowercasedString, "kind": message.content.type]
                )
            )
            if arrival.message.asksToStop, contact.optIn != .optedOut, optedOut.insert(contact.id).inserted {
                try await writer.optOut(contact: contact.id, marketingOnly: false)
                tally.optOuts += 1
                writer.audit(
                    event("contact.opt_out", contact: contact.id, resource: contact.id, details: ["via": "whatsapp"])
                )
            }
            if let mediaID = message.content.media?.id { tally.media.append((id, mediaID, arrival.channel)) }
        }
        return contacts.map(\.id)
    }

    /// Each arrival's contact: customers already known in one lookup, the others (new ones,
    /// username users) one at a time, in order, so a burst from one new person creates one
    /// contact.
    private func senders(of arrivals: [Arrival]) async throws -> [InboundWriter.ContactRef] {
        var known = try await writer.existingContacts(
            whatsappIDs: arrivals.filter { $0.message.fromUserID == nil }.compactMap(\.whatsappID)
        )
        var contacts: [InboundWriter.ContactRef] = []
        for arrival in arrivals {
            let byPhoneID = arrival.message.fromUserID == nil ? arrival.whatsappID?.digits : nil
            if let byPhoneID, let contact = known[byPhoneID] {
                contacts.append(contact)
                continue
            }
            let contact = try await writer.contact(
                whatsappID: arrival.whatsappID,
                userID: arrival.message.fromUserID,
                profileName: arrival.profileName
            )
            if let byPhoneID {
                var later = contact
                later.created = false
                known[byPhoneID] = later
            }
            contacts.append(contact)
        }
        return contacts
    }

    /// A batch step answered less than it was asked (a bug, not an input error): the batch
    /// rolls back and its events are retried one at a time.
    private enum BatchError: Error {
        case conversationMissing
    }

    /// Applies a receipt; returns the contact it is about, when known.
    private func apply(_ status: StatusUpdate, tally: inout Tally) async throws -> UUID? {
        let error = status.errors.first
        guard
            let applied = try await writer.applyStatus(
                wamid: status.messageID,
                callbackMessage: status.callbackData.flatMap(UUID.init(uuidString:)),
                status: Self.storedStatus(status.status),
                rank: status.status.rank,
                error: error.map { ($0.code, $0.title, GraphErrorMeaning.failure(of: $0).code) }
            )
        else {
            tally.ignoredStatuses += 1
            return try await writer.contact(ofMessage: status.messageID)
        }
        tally.statuses += 1
        guard status.status == .failed, let error, let contact = applied.contact else { return applied.contact }
        switch GraphErrorMeaning.failure(code: error.code, subcode: nil, httpStatus: nil) {
        case .invalidNumber:
            try await writer.markInvalidNumber(contact: contact)
            writer.audit(
                event(
                    "contact.invalid_number",
                    contact: contact,
                    resource: contact,
                    details: ["graph_code": "\(error.code)"]
                )
            )
        case .marketingOptOut:
            try await writer.optOut(contact: contact, marketingOnly: true)
            writer.audit(
                event(
                    "contact.marketing_opt_out",
                    contact: contact,
                    resource: contact,
                    details: ["graph_code": "\(error.code)"]
                )
            )
        default:
            break
        }
        return contact
    }

    /// Receipts with a status outside Meta's set are kept by name only when it is a plain word.
    private static func storedStatus(_ status: DeliveryStatus) -> String {
        switch status {
        case .sent, .delivered, .read, .played, .failed: status.rawValue
        case .other: "sent"
        }
    }

    private func event(
        _ action: String,
        contact: UUID,
        resource: UUID,
        type: String = "contact",
        details: [String: String] = [:]
    ) -> AuditDraft {
        AuditDraft(
            tenantID: tenant,
            actorKind: "system",
            actorID: "whatsapp-webhook",
            action: action,
            resourceType: type,
            resourceID: resource.lowercasedString,
            subjectID: contact.lowercasedString,
            purpose: "customer_service",
            legalBasis: "legitimate_interest",
            details: details
        )
    }
}

extension UUID {
    var lowercasedString: String { uuidString.lowercased() }
}
