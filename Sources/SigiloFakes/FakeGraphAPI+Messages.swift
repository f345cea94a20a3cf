import Foundation
import Synchronization

extension FakeGraphAPI {
    /// What follows an accepted send.
    enum Outcome: Sendable {
        /// The receipts of the status plan, priced with `category` and `pricingType`.
        case receipts(category: String, pricingType: String)
        /// One `failed` receipt.
        case failed(code: Int, title: String, details: String)
    }

    /// `POST /{phone-number-id}/messages`: a send or a mark-as-read.
    func messages(phoneNumberID: String, body: Data) -> GraphReply {
        guard let phone = phoneNumber(phoneNumberID) else { return .unknownObject(phoneNumberID, method: "POST") }
        guard let json = try? MetaJSON.parse(body) else { return .invalidParameter("The request body is not JSON.") }
        if json["status"] != nil { return markRead(json) }
        do {
            let request = try SendRequest(json)
            return try state.withLock { state throws(GraphFailure) in
                try accept(request, body: body, phone: phone, state: &state)
            }
        } catch {
            return error.reply
        }
    }

    private func markRead(_ json: MetaJSON) -> GraphReply {
        guard json["messaging_product"]?.string == "whatsapp", json["status"]?.string == "read",
            let id = json["message_id"]?.string
        else { return .invalidParameter("Mark as read needs messaging_product, status 'read' and message_id.") }
        let known = state.withLock { $0.knownMessages.contains(id) }
        return known ? .success : .invalidParameter("Invalid message_id: \(id)")
    }

    /// The checks Meta makes at send time, in order, then the acceptance and its receipts.
    private func accept(
        _ request: SendRequest,
        body: Data,
        phone: PhoneNumber,
        state: inout FakeGraphState
    ) throws(GraphFailure) -> GraphReply {
        let category = try templateCategory(request, wabaID: phone.wabaID, state: state)
        let injected = state.takeFailure()
        if let injected, !injected.async { throw GraphFailure(reply: Self.reply(for: injected)) }
        let instant = ContinuousClock.now
        guard state.sendsInLastSecond(phone.id, before: instant) < configuration.throughputPerSecond else {
            throw GraphFailure(
                reply: .graphError(status: 429, code: 130_429, title: "Rate limit hit", details: Self.rateDetails)
            )
        }
        let waID = WhatsAppID.canonical(request.to)
        let digits = String(request.to.drop { $0 == "+" })
        if let allowList = configuration.allowList, !allowList.contains(waID), !allowList.contains(digits) {
            throw GraphFailure(
                reply: .graphError(
                    status: 400,
                    code: 131_030,
                    title: "Recipient phone number not in allowed list",
                    details: "Recipient phone number not in allowed list: Add recipient phone number to recipient list "
                        + "and try again."
                )
            )
        }
        let now = state.now
        let messageID = "wamid.HBgM\(waID)FQIAERgS\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))AA=="
        let message = SentMessage(
            messageID: messageID,
            phoneNumberID: phone.id,
            to: request.to,
            waID: waID,
            type: request.type,
            body: body,
            time: now
        )
        state.sent.append(message)
        state.sendTimes[phone.id, default: []].append(instant)
        state.knownMessages.insert(messageID)
        let windowOpen = state.lastInbound[Self.windowKey(phone.id, waID)].map { now.timeIntervalSince($0) < 86_400 }
        let outcome: Outcome =
            if let injected {
                .failed(code: injected.code, title: injected.title, details: injected.details)
            } else if configuration.unreachable.contains(waID) || configuration.unreachable.contains(digits) {
                .failed(code: 131_026, title: "Message undeliverable", details: Self.undeliverableDetails)
            } else if category == nil, configuration.enforcesServiceWindow, windowOpen != true {
                .failed(code: 131_047, title: "Re-engagement message", details: Self.windowDetails)
            } else {
                .receipts(
                    category: category ?? "service",
                    pricingType: category == nil ? "free_customer_service" : "regular"
                )
            }
        scheduleReceipts(for: message, phone: phone, outcome: outcome, callbackData: request.callbackData)
        return .json([
            "messaging_product": "whatsapp",
            "contacts": [["input": .string(request.to), "wa_id": .string(waID)]],
            "messages": [["id": .string(messageID), "message_status": "accepted"]],
        ])
    }

    /// For a template send: the template's category (lowercase); nil for free-form messages.
    private func templateCategory(
        _ request: SendRequest,
        wabaID: String,
        state: FakeGraphState
    ) throws(GraphFailure) -> String? {
        guard let name = request.templateName, let language = request.templateLanguage else { return nil }
        let template = state.templates.first { $0.wabaID == wabaID && $0.name == name && $0.language == language }
        guard let template, template.status == "APPROVED" else {
            let details = "template name (\(name)) does not exist in \(language) or is not approved"
            throw GraphFailure(
                reply: .graphError(
                    status: 404,
                    code: 132_001,
                    title: "Template name does not exist in the translation",
                    details: details
                )
            )
        }
        guard template.bodyParameterCount == request.bodyParameterCount else {
            let details =
                "body: number of localizable_params (\(request.bodyParameterCount)) does not match the "
                + "expected number of params (\(template.bodyParameterCount))"
            throw GraphFailure(
                reply: .graphError(
                    status: 400,
                    code: 132_000,
                    title: "Number of parameters does not match the expected number of params",
                    details: details
                )
            )
        }
        return template.category.lowercased()
    }

    /// The synchronous answer of an injected failure (JSON, or a proxy's HTML page for a 5xx).
    static func reply(for failure: InjectedFailure) -> GraphReply {
        if failure.code == 190 && failure.httpStatus == 401 { return .invalidToken() }
        if failure.nonJSONBody && failure.httpStatus >= 500 {
            return GraphReply(
                status: failure.httpStatus,
                contentType: "text/html",
                body: Array("<html><body><h1>\(failure.httpStatus) Service Unavailable</h1></body></html>".utf8)
            )
        }
        return .graphError(
            status: failure.httpStatus,
            code: failure.code,
            title: failure.title,
            details: failure.details,
            subcode: failure.subcode
        )
    }

    /// The 24-hour window's key.
    static func windowKey(_ phoneNumberID: String, _ waID: String) -> String { "\(phoneNumberID)|\(waID)" }

    static let rateDetails =
        "Message failed to send because there were too many messages sent from this phone number in a short period of time."
    static let undeliverableDetails = "Message Undeliverable."
    static let windowDetails =
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
}
