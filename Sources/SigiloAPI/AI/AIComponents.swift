import AsyncHTTPClient
import Logging
import ServiceLifecycle
import SigiloStore

/// The AI copilot, assembled: the copilot (when the operator configured a backend), the
/// automatic answerer (when this instance runs workers), and the routes.
struct AIComponents {
    let configuration: AIConfiguration
    let ai: AIRepository
    let copilot: Copilot?
    let answerer: AutoAnswerer?
    let httpClient: HTTPClient

    init(
        configuration: AIConfiguration,
        database: Database,
        keys: CRMKeys,
        httpClient: HTTPClient,
        workers: Bool,
        logger: Logger
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        let ai = AIRepository(database: database, keys: keys)
        self.ai = ai
        copilot = configuration.backend.map { backend in
            Copilot(
                configuration: configuration,
                backend: backend,
                httpClient: httpClient,
                ai: ai,
                conversations: ConversationRepository(database: database, keys: keys),
                contacts: ContactRepository(database: database, keys: keys),
                interactions: InteractionRepository(database: database, keys: keys),
                quickReplies: QuickReplyRepository(database: database),
                tenants: TenantRepository(database: database)
            )
        }
        answerer =
            workers
            ? copilot.map {
                AutoAnswerer(
                    copilot: $0,
                    tickets: TicketAutomation(database: database, keys: keys),
                    interval: configuration.interval,
                    logger: logger
                )
            } : nil
    }

    var services: [any Service] {
        answerer.map { [$0] } ?? []
    }

    /// The AI provider, for exports and the records of processing (when there is one); a
    /// subject's export lists it only when something of theirs was sent to it (source `ai`).
    var recipient: DSRExportController.DataRecipient? {
        guard configuration.backend != nil else { return nil }
        return DSRExportController.DataRecipient(
            name: configuration.provider,
            role: "operator",
            purpose: "drafting replies, suggestions, summaries and sentiment (personal data replaced by placeholders)",
            data: ["message_content_minimised"],
            internationalTransfer: configuration.international,
            whenSource: "ai"
        )
    }

    func addRoutes(to routes: APIRoutes, access: AuditedAccess, guardian: AccessGuard) {
        CopilotController(
            copilot: copilot,
            configuration: configuration,
            ai: ai,
            httpClient: httpClient,
            access: access,
            guardian: guardian
        ).addRoutes(to: routes)
    }
}
