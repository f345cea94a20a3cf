import AsyncHTTPClient
import Logging
import Metrics
import ServiceLifecycle
import SigiloStore
import SigiloWhatsApp

/// The WhatsApp integration, assembled: repositories, the inbound processor and the outbox
/// sender (when this instance runs workers), and their routes.
struct WhatsAppComponents {
    let configuration: WhatsAppConfiguration
    let channels: ChannelRepository
    let inbox: WebhookInbox
    let conversations: ConversationRepository
    let outbox: OutboxRepository
    let media: MessageMediaRepository
    let templates: TemplateRepository
    let events: AttendanceEvents
    let integrationKeys: IntegrationKeyRepository
    let processor: InboundProcessor?
    let sender: OutboxSender?
    let httpClient: HTTPClient

    init(
        configuration: WhatsAppConfiguration,
        database: Database,
        keys: CRMKeys,
        httpClient: HTTPClient,
        metrics: any MetricsFactory,
        logger: Logger
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        channels = ChannelRepository(database: database, keys: keys)
        inbox = WebhookInbox(database: database, keys: keys)
        conversations = ConversationRepository(database: database, keys: keys)
        outbox = OutboxRepository(database: database, keys: keys)
        media = MessageMediaRepository(database: database, keys: keys)
        templates = TemplateRepository(database: database)
        events = AttendanceEvents(database: database, keys: keys)
        integrationKeys = IntegrationKeyRepository(database: database)
        if configuration.workers {
            var processing = InboundProcessor.Configuration()
            processing.retention = configuration.webhookRetention
            processor = InboundProcessor(
                inbox: inbox,
                channels: channels,
                media: MediaDownloader(
                    httpClient: httpClient,
                    channels: channels,
                    media: media,
                    maximumBytes: configuration.mediaMaxBytes,
                    logger: logger
                ),
                configuration: processing,
                logger: logger
            )
            var senderConfiguration = OutboxSender.Configuration()
            senderConfiguration.concurrency = configuration.outboxConcurrency
            senderConfiguration.lease = configuration.outboxLease
            sender = OutboxSender(
                outbox: outbox,
                channels: channels,
                httpClient: httpClient,
                configuration: senderConfiguration,
                metrics: metrics,
                logger: logger
            )
        } else {
            processor = nil
            sender = nil
        }
    }

    /// The background services this instance runs.
    var services: [any Service] {
        let candidates: [(any Service)?] = [processor, sender]
        return candidates.compactMap { $0 }
    }

    func addRoutes(to routes: APIRoutes, access: AuditedAccess, guardian: AccessGuard) {
        WebhookController(
            channels: channels,
            inbox: inbox,
            processor: processor,
            maxBodySize: configuration.webhookMaxBodySize
        ).addRoutes(to: routes)
        ChannelsController(channels: channels, access: access, defaults: configuration).addRoutes(to: routes)
        ConversationsController(
            ConversationsController.Dependencies(
                conversations: conversations,
                outbox: outbox,
                templates: templates,
                channels: channels,
                media: media,
                sender: sender,
                httpClient: httpClient
            ),
            access: access
        ).addRoutes(to: routes)
        AttendanceEventsController(events: events, conversations: conversations, guardian: guardian)
            .addRoutes(to: routes)
        IntegrationKeysController(keys: integrationKeys, access: access).addRoutes(to: routes)
        TemplateSyncController(templates: templates, channels: channels, httpClient: httpClient, access: access)
            .addRoutes(to: routes)
    }
}
