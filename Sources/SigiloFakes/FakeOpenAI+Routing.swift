import Foundation
import Synchronization

extension FakeOpenAI {
    /// Routes one call: `/_fake/…` control (no auth, not recorded), then the API under `/v1`:
    /// key check, injected failure, endpoint. Every API call is recorded with its body.
    func handle(_ call: GraphCall) async -> OpenAIReply {
        let segments = call.segments
        if segments.first == "_fake" { return await control(call, segments: Array(segments.dropFirst())) }
        let reply = await api(call, segments: segments)
        let record = RecordedRequest(method: call.method, path: call.path, status: reply.status, body: Array(call.body))
        state.withLock { $0.requests.append(record) }
        return reply
    }

    private func api(_ call: GraphCall, segments: [String]) async -> OpenAIReply {
        guard segments.first == "v1" else { return .text("404 page not found", status: 404) }
        if let key = configuration.apiKey, call.authorization != "Bearer \(key)" { return .invalidKey }
        if let failure = state.withLock({ $0.takeFailure() }) {
            if let delay = failure.delay { try? await Task.sleep(for: delay) }
            // A 2xx "failure" is only a delay: the call is then answered as usual.
            if !(200..<300).contains(failure.status) || failure.malformedBody { return injected(failure) }
        }
        let fineTuning = state.withLock { $0.fineTuningEnabled }
        switch (call.method, Array(segments.dropFirst())) {
        case ("POST", ["chat", "completions"]):
            return chatCompletion(call.body)
        case ("POST", ["files"]) where fineTuning:
            return uploadFile(call)
        case ("POST", ["fine_tuning", "jobs"]) where fineTuning:
            return createJob(call.body)
        case ("GET", let path) where fineTuning && path.count == 3 && path[0] == "fine_tuning" && path[1] == "jobs":
            return pollJob(id: path[2])
        default:
            // What a server without the endpoint (Ollama, llama.cpp) answers.
            return .text("404 page not found", status: 404)
        }
    }

    /// The reply of an injected failure.
    private func injected(_ failure: Failure) -> OpenAIReply {
        if failure.malformedBody {
            return OpenAIReply(
                status: failure.status,
                contentType: "application/json",
                body: Array("{\"choices\": [".utf8)
            )
        }
        let (message, type, code): (String, String, String) =
            switch failure.status {
            case 429 where failure.code == "insufficient_quota":
                ("You exceeded your current quota.", "insufficient_quota", "insufficient_quota")
            case 429: ("Rate limit reached for requests.", "requests", failure.code ?? "rate_limit_exceeded")
            default:
                (
                    "The server had an error while processing your request.", "server_error",
                    failure.code ?? "server_error"
                )
            }
        var reply = OpenAIReply.error(status: failure.status, message: message, type: type, code: code)
        if let retryAfter = failure.retryAfter { reply.headers.append(("Retry-After", retryAfter)) }
        if let reset = failure.resetRequests {
            reply.headers.append(("x-ratelimit-reset-requests", reset))
            reply.headers.append(("x-ratelimit-remaining-requests", "0"))
        }
        return reply
    }
}
