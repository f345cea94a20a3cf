import Logging
import ServiceLifecycle
import SigiloStore
import SigiloWhatsApp

/// Tickets, queues, quick replies, cadences and scheduled messages, assembled: repositories,
/// the background scheduler (when this instance runs workers) and their routes.
struct RelationshipComponents {
    let tickets: TicketRepository
    let queues: QueueRepository
    let agents: AgentRepository
    let quickReplies: QuickReplyRepository
    let cadences: CadenceRepository
    let scheduled: ScheduledMessageRepository
    let scheduler: RelationshipScheduler?
    let database: Database
    let keys: CRMKeys

    init(database: Database, keys: CRMKeys, configuration: RelationshipConfiguration, logger: Logger) {
        self.database = database
        self.keys = keys
        tickets = TicketRepository(database: database, keys: keys)
        queues = QueueRepository(database: database)
        agents = AgentRepository(database: database)
        quickReplies = QuickReplyRepository(database: database)
        cadences = CadenceRepository(database: database, keys: keys)
        scheduled = ScheduledMessageRepository(database: database, keys: keys)
        scheduler =
            configuration.scheduler
            ? RelationshipScheduler(
                tickets: TicketAutomation(database: database, keys: keys),
                cadences: cadences,
                scheduled: scheduled,
                configuration: configuration.timing,
                logger: logger
            ) : nil
    }

    var services: [any Service] {
        scheduler.map { [$0] } ?? []
    }

    func addRoutes(to routes: APIRoutes, access: AuditedAccess, guardian: AccessGuard) {
        TicketsController(tickets: tickets, access: access, guardian: guardian).addRoutes(to: routes)
        QueuesController(queues: queues, agents: agents, guardian: guardian).addRoutes(to: routes)
        QuickRepliesController(
            replies: quickReplies,
            contacts: ContactRepository(database: database, keys: keys),
            tenants: TenantRepository(database: database),
            access: access,
            guardian: guardian
        ).addRoutes(to: routes)
        CadencesController(
            cadences: cadences,
            scheduled: scheduled,
            templates: TemplateRepository(database: database),
            access: access,
            guardian: guardian
        ).addRoutes(to: routes)
    }
}
