import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
package import SigiloStore
package import SigiloWhatsApp

/// Meta's webhook: `GET /webhooks/whatsapp` (the verification handshake) and
/// `POST /webhooks/whatsapp` (messages and statuses). A POST is answered 200 only once its
/// raw body is stored sealed for every tenant it concerns, after its `X-Hub-Signature-256`
/// was checked over those exact bytes with the app secret of the numbers it names.
package struct WebhookController: Sendable {
    private let channels: ChannelRepository
    private let inbox: WebhookInbox
    private let processor: InboundProcessor?
    private let maxBodySize: Int

    package init(channels: ChannelRepository, inbox: WebhookInbox, processor: InboundProcessor?, maxBodySize: Int) {
        self.channels = channels
        self.inbox = inbox
        self.processor = processor
        self.maxBodySize = maxBodySize
    }

    package static let path = "/webhooks/whatsapp"

    package func addRoutes(to routes: APIRoutes) {
        routes.get(Self.path) { request, _ in try await handshake(request) }
        routes.post(Self.path) { request, context in try await receive(request, context: context) }
    }

    private func handshake(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let token = query.get("hub.verify_token")
        guard let token, !token.isEmpty, token.utf8.count <= 512, try await channels.verifyTokenKnown(token),
            let challenge = WebhookHandshake.challenge(
                mode: query.get("hub.mode"),
                verifyToken: token,
                challenge: query.get("hub.challenge"),
                expectedToken: token
            )
        else {
            throw APIError(.forbidden, code: "verification_failed", message: "The verification request was refused.")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: challenge))
        )
    }

    private func receive(_ request: Request, context: SigiloRequestContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: maxBodySize)
        let body = Data(buffer.readableBytesView)
        guard !body.isEmpty else { throw APIError.emptyBody }
        let payload: WebhookPayload
        do {
            payload = try WebhookPayload.parse(body)
        } catch {
            throw APIError.malformedJSON
        }
        let numbers = payload.messageChanges.compactMap(\.value.phoneNumberID)
        guard !numbers.isEmpty else {
            // Nothing here names one of our numbers (an account or template notice): nothing is
            // stored, and with no number there is no app secret to check a signature against.
            context.logger.info("webhook without a phone number ignored")
            return try JSONResponse.make(Acknowledgement(stored: 0))
        }
        let routes = try await channels.routes(phoneNumberIDs: numbers)
        let signature = request.headers[.hubSignature]
        let secrets = Set(routes.map(\.appSecret))
        // Every number must be ours and every app secret involved must have signed these bytes;
        // an unknown number answers like a bad signature, so ids cannot be probed.
        guard !routes.isEmpty, Set(routes.map(\.phoneNumberID)) == Set(numbers),
            secrets.allSatisfy({ WebhookSignature(appSecret: Data($0.utf8)).isValid(body: body, header: signature) })
        else {
            context.logger.warning("webhook signature refused")
            throw APIError(
                .unauthorized,
                code: "invalid_signature",
                message: "The X-Hub-Signature-256 header does not sign this body for its phone number."
            )
        }
        var stored = 0
        for tenant in Set(routes.map(\.tenantID)) {
            let id = try await inbox.store(tenant: tenant, body: body)
            processor?.submit(tenant: tenant, event: id)
            stored += 1
        }
        return try JSONResponse.make(Acknowledgement(stored: stored))
    }

    private struct Acknowledgement: Encodable {
        var received = true
        var stored: Int
    }
}

extension HTTPField.Name {
    static let hubSignature = HTTPField.Name("X-Hub-Signature-256")!
}
