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

    /// Processes several events' payloads, asking once which messages are already stored.
    func process(_ payloads: [WebhookPayload], tally: inout Tally) async throws {
        let ids = payloads.flatMap { $0.messageChanges.flatMap { $0.value.messages.map(\.id) } }
        var known = try await writer.known(wamids: ids)
        for payload in payloads {
            try await process(payload, known: &known, tally: &tally)
        }
    }

    private func process(_ payload: WebhookPayload, known: inout Set<String>, tally: inout Tally) async throws {
        for (_, value) in payload.messageChanges {
            guard let phoneNumberID = value.phoneNumberID, let channel = channels[phoneNumberID] else { continue }
            for message in value.messages.sorted(by: { $0.timestamp < $1.timestamp }) {
                // Stored before (Meta retried), or earlier in this very batch.
                guard known.insert(message.id).inserted else {
                    tally.duplicates += 1
                    continue
                }
                try await receive(message, contacts: value.contacts, channel: channel, tally: &tally)
            }
            for status in value.statuses {
                try await apply(status, tally: &tally)
            }
        }
    }

    private func receive(
        _ message: InboundMessage,
        contacts: [WebhookContact],
        channel: UUID,
        tally: inout Tally
    ) async throws {
        let whatsappID = message.from.flatMap(WhatsAppID.init)
        guard whatsappID != nil || message.fromUserID != nil else { return }
        let profile = contacts.first {
            ($0.waID != nil && $0.waID == message.from) || ($0.userID != nil && $0.userID == message.fromUserID)
        }
        let contact = try await writer.contact(
            whatsappID: whatsappID,
            userID: message.fromUserID,
            profileName: profile?.name
        )
        let (conversation, opened) = try await writer.conversation(
            contact: contact.id,
            channel: channel,
            inboundAt: message.timestamp
        )
        let content = message.stored
        guard
            let id = try await writer.insert(
                InboundWriter.Inbound(
                    conversation: conversation,
                    contact: contact.id,
                    wamid: message.id,
                    content: content,
                    replyTo: message.replyTo,
                    occurredAt: message.timestamp
                )
            )
        else {
            tally.duplicates += 1
            return
        }
        tally.messages += 1
        if contact.created { writer.audit(event("contact.create", contact: contact.id, resource: contact.id)) }
        if opened {
            writer.audit(
                event("conversation.open", contact: contact.id, resource: conversation, type: "conversation")
            )
        }
        writer.audit(
            event(
                "message.receive",
                contact: contact.id,
                resource: id,
                type: "message",
                details: ["conversation": conversation.lowercasedString, "kind": content.type]
            )
        )
        if message.asksToStop, contact.optIn != .optedOut {
            try await writer.optOut(contact: contact.id, marketingOnly: false)
            tally.optOuts += 1
            writer.audit(
                event("contact.opt_out", contact: contact.id, resource: contact.id, details: ["via": "whatsapp"])
            )
        }
        if let mediaID = content.media?.id { tally.media.append((id, mediaID, channel)) }
    }

    private func apply(_ status: StatusUpdate, tally: inout Tally) async throws {
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
            return
        }
        tally.statuses += 1
        guard status.status == .failed, let error, let contact = applied.contact else { return }
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
