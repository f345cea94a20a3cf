import Foundation

extension FakeGraphAPI {
    /// `/_fake/…`: the same controls over HTTP, unauthenticated, for `sigilo dev fake-meta`.
    ///
    /// - `POST /_fake/inbound` `{"from","name"?,"text","phone_number_id"?}` → `{"message_id","status"}`
    /// - `GET /_fake/sent` → `{"data":[{"id","phone_number_id","to","wa_id","type","timestamp","body"}]}`
    /// - `GET /_fake/stats` → `{"phone_numbers":{"<id>":{"sent","peak_sends_per_second"}}}`
    /// - `GET /_fake/requests` → `{"data":[{"method","path","status","authorized"}]}`
    /// - `POST /_fake/failures` `{"code","subcode"?,"http_status"?,"title"?,"details"?,"count"?,"async"?}`
    /// - `POST /_fake/clock` `{"seconds"}` → `{"now"}`; `POST /_fake/reset`
    func control(_ call: GraphCall, segments: [String]) async -> GraphReply {
        let json = (try? MetaJSON.parse(call.body)) ?? .object([])
        switch (call.method, segments.first ?? "") {
        case ("POST", "inbound"):
            return await controlInbound(json)
        case ("GET", "sent"):
            return .json(["data": .array(sent().map(Self.listing))])
        case ("GET", "stats"):
            // Per number: accepted sends and the most accepted within any one second.
            var numbers: [(String, MetaJSON)] = []
            for phone in configuration.phoneNumbers {
                let count = sent().filter { $0.phoneNumberID == phone.id }.count
                numbers.append(
                    (
                        phone.id,
                        [
                            "sent": .int(count),
                            "peak_sends_per_second": .int(peakSendsPerSecond(phoneNumberID: phone.id)),
                        ]
                    )
                )
            }
            return .json(["phone_numbers": .object(numbers)])
        case ("GET", "requests"):
            let listed = requests().map { request -> MetaJSON in
                [
                    "method": .string(request.method), "path": .string(request.path), "status": .int(request.status),
                    "authorized": .bool(request.hadValidAuth),
                ]
            }
            return .json(["data": .array(listed)])
        case ("POST", "failures"):
            guard let code = json["code"]?.int else { return .invalidParameter("code is required.") }
            failNext(
                InjectedFailure(
                    code: code,
                    subcode: json["subcode"]?.int,
                    httpStatus: json["http_status"]?.int ?? 400,
                    title: json["title"]?.string ?? "Injected failure",
                    details: json["details"]?.string ?? "Injected",
                    count: json["count"]?.int ?? 1,
                    async: json["async"]?.bool ?? false,
                    nonJSONBody: json["non_json"]?.bool ?? false
                )
            )
            return .success
        case ("POST", "clock"):
            advanceClock(by: .seconds(json["seconds"]?.double ?? 0))
            return .json(["now": .int(Int(now().timeIntervalSince1970))])
        case ("POST", "reset"):
            reset()
            return .success
        default:
            return .text("Not Found", status: 404)
        }
    }

    private func controlInbound(_ json: MetaJSON) async -> GraphReply {
        guard let from = json["from"]?.string, let text = json["text"]?.string else {
            return .invalidParameter("from and text are required.")
        }
        let inbound = SimulatedInbound(
            from: from,
            phoneNumberID: json["phone_number_id"]?.string,
            profileName: json["name"]?.string ?? "Cliente",
            content: .text(text)
        )
        guard let result = try? await deliverInbound(inbound) else {
            return .graphError(
                status: 502,
                code: 1,
                title: "Webhook not delivered (no webhook URL, or the receiver is unreachable)",
                details: nil
            )
        }
        return .json(["message_id": .string(result.messageID), "status": .int(result.status)])
    }

    private static func listing(_ message: SentMessage) -> MetaJSON {
        [
            "id": .string(message.messageID), "phone_number_id": .string(message.phoneNumberID),
            "to": .string(message.to), "wa_id": .string(message.waID), "type": .string(message.type),
            "timestamp": .string(String(Int(message.time.timeIntervalSince1970))),
            "body": (try? MetaJSON.parse(message.body)) ?? .null,
        ]
    }
}
