package import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SigiloCore
package import SigiloStore
package import SigiloWhatsApp

/// Conversations and messages: `GET /conversations`, `GET /conversations/{id}` (trailing
/// slash too; messages decrypted, the read audited), close and reopen, send
/// (`POST /conversations/{id}/messages`, `POST /contacts/{id}/messages`), mark-as-read and
/// inbound media.
package struct ConversationsController: Sendable {
    package struct Dependencies: Sendable {
        package var conversations: ConversationRepository
        package var outbox: OutboxRepository
        package var templates: TemplateRepository
        package var channels: ChannelRepository
        package var media: MessageMediaRepository
        package var sender: OutboxSender?
        package var httpClient: HTTPClient

        package init(
            conversations: ConversationRepository,
            outbox: OutboxRepository,
            templates: TemplateRepository,
            channels: ChannelRepository,
            media: MessageMediaRepository,
            sender: OutboxSender?,
            httpClient: HTTPClient
        ) {
            self.conversations = conversations
            self.outbox = outbox
            self.templates = templates
            self.channels = channels
            self.media = media
            self.sender = sender
            self.httpClient = httpClient
        }
    }

    let dependencies: Dependencies
    let access: AuditedAccess

    package init(_ dependencies: Dependencies, access: AuditedAccess) {
        self.dependencies = dependencies
        self.access = access
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/conversations",
            use: access.handler(.messagesRead, records: WhatsAppAudit.conversation("list")) { request, _, identity in
                try await list(request, identity: identity)
            }
        )
        // Hummingbird's router ignores a trailing slash: `/conversations/{id}/` lands here too.
        do {
            routes.get(
                "/conversations/{id}",
                use: access.handler(.messagesRead, records: WhatsAppAudit.conversation("read")) {
                    request,
                    context,
                    identity in
                    try await read(request, context: context, identity: identity)
                }
            )
        }
        for (action, status) in [("close", Conversation.Status.closed), ("reopen", .open)] {
            routes.post(
                "/conversations/{id}/\(action)",
                use: access.handler(.messagesSend, records: WhatsAppAudit.conversation(action)) {
                    _,
                    context,
                    identity in
                    let id = try context.pathID()
                    let changed: Conversation?
                    do {
                        changed = try await dependencies.conversations.setStatus(
                            tenant: identity.tenantID,
                            id: id,
                            to: status
                        )
                    } catch let error as StoreError where error.code == .conflict {
                        throw APIError(
                            .conflict,
                            code: "conversation_open_elsewhere",
                            message: "The contact already has an open conversation on this number."
                        )
                    }
                    guard let changed else { throw APIError.notFound }
                    return (
                        try JSONResponse.make(ConversationView(conversation: changed, now: Date())),
                        Self.touched(changed)
                    )
                }
            )
        }
        routes.post(
            "/conversations/{id}/read",
            use: access.handler(.messagesRead, records: WhatsAppAudit.conversation("mark_read")) {
                _,
                context,
                identity in
                let id = try context.pathID()
                let marked = try await markRead(tenant: identity.tenantID, conversation: id, logger: context.logger)
                return (
                    try JSONResponse.make(["marked": marked]),
                    AuditedAccess.Touched(resourceID: id.lowercasedString)
                )
            }
        )
        addSendRoutes(to: routes)
        addMediaRoute(to: routes)
    }

    private func list(_ request: Request, identity: Identity) async throws -> (Response, AuditedAccess.Touched) {
        let query = request.uri.queryParameters
        let limit = try ContactsController.limit(query.get("limit"))
        var filter = ConversationRepository.Filter()
        if let status = query.get("status") {
            guard let value = Conversation.Status(rawValue: status.lowercased()) else {
                throw APIError.invalidField("status", expected: "open or closed")
            }
            filter.status = value
        }
        filter.contact = try Self.uuid(query.get("contact_id"), field: "contact_id")
        filter.channel = try Self.uuid(query.get("channel_id"), field: "channel_id")
        filter.updatedSince = try query.get("updated_since").map {
            try FieldRules.timestamp($0, field: "updated_since")
        }
        let after = try Self.uuid(query.get("after"), field: "after")
        let page = try await dependencies.conversations.list(
            tenant: identity.tenantID,
            filter: filter,
            after: after,
            limit: limit
        )
        let now = Date()
        let response = try JSONResponse.make(
            ConversationList(
                conversations: page.map { ConversationView(conversation: $0, now: now) },
                next: page.count == limit ? page.last?.id.lowercasedString : nil
            )
        )
        let subjects = Array(Set(page.compactMap(\.contactID)))
        return (response, CRMAudit.subjects(subjects))
    }

    private func read(
        _ request: Request,
        context: SigiloRequestContext,
        identity: Identity
    ) async throws
        -> (Response, AuditedAccess.Touched)
    {
        let id = try context.pathID()
        guard
            let (conversation, messages) = try await dependencies.conversations.find(tenant: identity.tenantID, id: id)
        else { throw APIError.notFound }
        if request.uri.queryParameters.get("mark_read") == "true" {
            _ = try? await markRead(tenant: identity.tenantID, conversation: id, logger: context.logger)
        }
        let view = ConversationView(conversation: conversation, messages: messages.map(MessageView.init), now: Date())
        var touched = Self.touched(conversation)
        touched.details["messages"] = "\(messages.count)"
        return (try JSONResponse.make(view), touched)
    }

    /// Tells Meta the customer's latest message (and those before it) was read.
    /// - Returns: whether there was an inbound message to mark.
    private func markRead(tenant: UUID, conversation: UUID, logger: Logger) async throws -> Bool {
        guard
            let (wamid, channel) = try await dependencies.conversations.lastInbound(
                tenant: tenant,
                conversation: conversation
            ),
            let (stored, credentials) = try await dependencies.channels.credentials(tenant: tenant, id: channel)
        else { return false }
        let client = GraphClient(
            httpClient: dependencies.httpClient,
            baseURL: stored.graphBaseURL,
            timeout: .seconds(5)
        )
        do {
            try await client.markRead(
                messageID: wamid,
                phoneNumberID: stored.phoneNumberID,
                token: credentials.accessToken,
                logger: logger
            )
        } catch {
            logger.warning("mark-as-read failed", metadata: ["error.code": "\(error.code)"])
            throw APIError(
                .badGateway,
                code: "whatsapp_unavailable",
                message: "WhatsApp did not accept the read receipt; try again later."
            )
        }
        return true
    }

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw APIError.invalidField(field, expected: "an id") }
        return id
    }

    /// What a call on one conversation touched: its data subject is the contact (or the
    /// conversation itself, for one reported by another system).
    static func touched(_ conversation: Conversation) -> AuditedAccess.Touched {
        AuditedAccess.Touched(
            resourceID: conversation.id.lowercasedString,
            subjectID: (conversation.contactID ?? conversation.id).lowercasedString
        )
    }
}
