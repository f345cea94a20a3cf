import Foundation

extension FakeOpenAI {
    /// `/_fake/…`: the same controls over HTTP, unauthenticated, for `sigilo dev fake-openai`.
    ///
    /// - `POST /_fake/replies` `{"replies":[{"content","finish_reason"?}]}` or `{"content","finish_reason"?}`
    /// - `POST /_fake/rules` `{"contains","content","finish_reason"?}`
    /// - `POST /_fake/failures` `{"status","count"?,"retry_after"?,"reset_requests"?,"code"?,"malformed"?,"delay_ms"?}`
    /// - `POST /_fake/fine_tuning` `{"enabled"}`; `POST /_fake/jobs/{id}` `{"status"}`
    /// - `GET /_fake/requests` → `{"data":[{"method","path","status","body"}]}`; `POST /_fake/reset`
    func control(_ call: GraphCall, segments: [String]) async -> OpenAIReply {
        let json = (try? MetaJSON.parse(call.body)) ?? .object([])
        switch (call.method, segments) {
        case ("POST", ["replies"]):
            let items = json["replies"]?.array ?? [json]
            let replies = items.compactMap(Self.scripted)
            guard replies.count == items.count else { return .error(status: 400, message: "content is required.") }
            scriptReplies(replies)
            return .json(["queued": .int(replies.count)])
        case ("POST", ["rules"]):
            guard let text = json["contains"]?.string, let reply = Self.scripted(json) else {
                return .error(status: 400, message: "contains and content are required.")
            }
            addRule(whenLastUserMessageContains: text, reply: reply)
            return .json(["ok": true])
        case ("POST", ["failures"]):
            guard let status = json["status"]?.int else { return .error(status: 400, message: "status is required.") }
            failNext(
                Failure(
                    status: status,
                    count: json["count"]?.int ?? 1,
                    retryAfter: json["retry_after"]?.string ?? json["retry_after"]?.int.map(String.init),
                    resetRequests: json["reset_requests"]?.string,
                    code: json["code"]?.string,
                    malformedBody: json["malformed"]?.bool ?? false,
                    delay: json["delay_ms"]?.int.map { .milliseconds($0) }
                )
            )
            return .json(["ok": true])
        case ("POST", ["fine_tuning"]):
            setFineTuningEnabled(json["enabled"]?.bool ?? true)
            return .json(["ok": true])
        case ("POST", let path) where path.count == 2 && path[0] == "jobs":
            guard let status = json["status"]?.string, setJobStatus(path[1], to: status) else {
                return .error(status: 404, message: "No such job, or no status given.")
            }
            return .json(["ok": true])
        case ("GET", ["requests"]):
            let listed = requests().map { request -> MetaJSON in
                [
                    "method": .string(request.method), "path": .string(request.path), "status": .int(request.status),
                    "body": .string(request.bodyText),
                ]
            }
            return .json(["data": .array(listed)])
        case ("POST", ["reset"]):
            reset()
            return .json(["ok": true])
        default:
            return .text("Not Found", status: 404)
        }
    }

    private static func scripted(_ json: MetaJSON) -> ScriptedReply? {
        json["content"]?.string.map { ScriptedReply($0, finishReason: json["finish_reason"]?.string ?? "stop") }
    }
}
