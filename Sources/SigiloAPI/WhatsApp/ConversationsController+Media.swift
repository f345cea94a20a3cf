import Foundation
import Hummingbird
import NIOCore
import SigiloStore

extension ConversationsController {
    /// `GET /conversations/{id}/messages/{message}/media`: an inbound attachment, opened.
    func addMediaRoute(to routes: APIRoutes) {
        routes.get(
            "/conversations/{id}/messages/{message}/media",
            use: access.handler(.messagesRead, records: WhatsAppAudit.message("media_read")) { _, context, identity in
                let conversation = try context.pathID()
                let message = try context.pathID("message")
                guard
                    let (bytes, mime) = try await dependencies.media.open(
                        tenant: identity.tenantID,
                        conversation: conversation,
                        message: message
                    ),
                    let found = try await dependencies.conversations.find(
                        tenant: identity.tenantID,
                        id: conversation,
                        limit: 0
                    )
                else { throw APIError.notFound }
                let response = Response(
                    status: .ok,
                    headers: [
                        .contentType: mime ?? "application/octet-stream", .cacheControl: "no-store",
                        .contentDisposition: "attachment",
                    ],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes))
                )
                var touched = Self.touched(found.0)
                touched.details["message"] = message.lowercasedString
                return (response, touched)
            }
        )
    }
}
