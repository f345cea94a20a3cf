import Foundation
import Synchronization

extension FakeGraphAPI {
    /// Routes one call: `/_fake/…` control (no auth), `/_lookaside/…` downloads, and the Graph
    /// endpoints under ``Configuration/version`` (Bearer token required, else 190).
    func handle(_ call: GraphCall) async -> GraphReply {
        let authorized = state.withLock { call.authorization == "Bearer \($0.accessToken)" }
        let reply = await route(call, authorized: authorized)
        let record = RecordedRequest(
            method: call.method,
            path: call.path,
            status: reply.status,
            hadValidAuth: authorized
        )
        state.withLock { $0.requests.append(record) }
        return reply
    }

    private func route(_ call: GraphCall, authorized: Bool) async -> GraphReply {
        let segments = call.segments
        guard let first = segments.first else { return .text("Not Found", status: 404) }
        if first == "_fake" { return await control(call, segments: Array(segments.dropFirst())) }
        if first == "_lookaside", segments.count == 2 {
            return authorized ? download(token: segments[1]) : .invalidToken()
        }
        guard first == configuration.version else { return .text("Not Found", status: 404) }
        guard authorized else { return .invalidToken() }
        switch (call.method, segments.count > 2 ? segments[2] : nil) {
        case ("POST", "messages") where segments.count == 3:
            return messages(phoneNumberID: segments[1], body: call.body)
        case ("POST", "media") where segments.count == 3:
            return upload(phoneNumberID: segments[1], call: call)
        case ("GET", "message_templates") where segments.count == 3:
            return listTemplates(wabaID: segments[1], query: call.query)
        case ("POST", "message_templates") where segments.count == 3:
            return createTemplate(wabaID: segments[1], body: call.body)
        case ("GET", nil) where segments.count == 2:
            return mediaInfo(id: segments[1])
        case ("DELETE", nil) where segments.count == 2:
            return deleteMedia(id: segments[1])
        default:
            return .unknownObject(segments.count > 1 ? segments[1] : first, method: call.method)
        }
    }

    /// The configured phone number with `id`.
    func phoneNumber(_ id: String) -> PhoneNumber? {
        configuration.phoneNumbers.first { $0.id == id }
    }
}
