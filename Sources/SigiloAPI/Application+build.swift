import AsyncHTTPClient
package import Configuration
package import Hummingbird
package import Logging
package import Metrics
import Prometheus
import ServiceLifecycle
import SigiloCrypto
import SigiloStore
import SigiloWhatsApp

/// Builds the whole server from configuration: the one composition root (STYLE.md rule 1).
///
/// Every client, repository and worker is created here and passed down by initialisers; the
/// executable and the tests call this same function.
/// - Parameters:
///   - reader: Configuration (environment and flags in `sigilo serve`, in-memory in tests).
///   - logger: The root logger; the executable's is a JSON logger on stdout.
/// - Throws: ``ConfigurationError`` or ``MigrationError`` before anything listens.
package func buildApplication(
    reader: ConfigReader,
    logger: Logger = Logger(label: "sigilo")
) async throws -> some ApplicationProtocol {
    let api = try APIConfiguration(reader: reader)
    let databaseConfiguration = try DatabaseConfiguration(reader: reader)
    let auth = try AuthConfiguration(reader: reader)
    let audit = try AuditConfiguration(reader: reader)
    let whatsapp = try WhatsAppConfiguration(reader: reader)
    let lgpd = try LGPDConfiguration(reader: reader)
    let aiConfiguration = try AIConfiguration(reader: reader)
    var relationshipConfiguration = try RelationshipConfiguration(reader: reader)
    relationshipConfiguration.scheduler = relationshipConfiguration.scheduler && whatsapp.workers
    let migrations = try MigrationSource.load(directory: databaseConfiguration.migrationsDirectory)

    let registry = PrometheusCollectorRegistry()
    let metrics = PrometheusMetricsFactory(registry: registry)
    let database = Database(
        url: databaseConfiguration.applicationURL,
        maximumConnections: databaseConfiguration.maximumConnections,
        minimumConnections: databaseConfiguration.minimumConnections,
        connectTimeout: databaseConfiguration.connectTimeout,
        pool: "application",
        metricsFactory: metrics,
        logger: logger
    )
    let migrator = Migrator(database: database, migrations: migrations)
    let appender = AuditAppender(database: database)
    let checkpointer = AuditCheckpointer(
        database: database,
        signer: audit.signer,
        trusted: audit.trusted,
        archive: audit.archive,
        policy: audit.policy,
        logger: logger
    )
    let identity = try await IdentityComponents(
        configuration: auth,
        database: database,
        events: AuditedSecurityEvents(appender: appender)
    )

    let crmKeys = CRMKeys(ring: auth.keyRing)
    let access = AuditedAccess(guardian: identity.guardian, appender: appender)
    let messaging = WhatsAppComponents(
        configuration: whatsapp,
        database: database,
        keys: crmKeys,
        httpClient: HTTPClient.shared,
        metrics: metrics,
        logger: logger
    )

    let relationship = RelationshipComponents(
        database: database,
        keys: crmKeys,
        configuration: relationshipConfiguration,
        logger: logger
    )

    let copilot = AIComponents(
        configuration: aiConfiguration,
        database: database,
        keys: crmKeys,
        httpClient: HTTPClient.shared,
        workers: whatsapp.workers,
        logger: logger
    )

    let recipients: [DSRExportController.DataRecipient] = [.meta] + (copilot.recipient.map { [$0] } ?? [])
    let hostNotifier = HostNotifier(
        notices: HostWebhookRepository(database: database, keys: crmKeys),
        httpClient: HTTPClient.shared,
        interval: lgpd.hostNotifyInterval,
        logger: logger
    )
    let compliance = try ComplianceController(
        retention: RetentionRepository(database: database),
        policy: lgpd.retentionPolicy,
        policiesDirectory: lgpd.policiesDirectory,
        recipients: recipients,
        access: access
    )
    let router = buildRouter(
        configuration: api,
        metrics: metrics,
        pathLimits: [WebhookController.path: whatsapp.webhookMaxBodySize, CopilotController.fineTunePath: 50 << 20],
        controllers: { routes in
            HealthController(migrator: migrator, timeout: api.readinessTimeout).addRoutes(to: routes)
            MetricsController(registry: registry).addRoutes(to: routes)
            identity.addRoutes(to: routes)
            AuditController(database: database, configuration: audit, access: access).addRoutes(to: routes)
            ContactsController(contacts: ContactRepository(database: database, keys: crmKeys), access: access)
                .addRoutes(to: routes)
            InteractionsController(
                interactions: InteractionRepository(database: database, keys: crmKeys),
                access: access
            ).addRoutes(to: routes)
            TemplatesController(templates: TemplateRepository(database: database), access: access).addRoutes(to: routes)
            messaging.addRoutes(to: routes, access: access, guardian: identity.guardian)
            relationship.addRoutes(to: routes, access: access, guardian: identity.guardian)
            copilot.addRoutes(to: routes, access: access, guardian: identity.guardian)
            ConsentsController(
                consents: ConsentRepository(database: database, keys: crmKeys),
                access: access,
                guardian: identity.guardian
            ).addRoutes(to: routes)
            DSRController(
                DSRController.Dependencies(
                    requests: DSRRepository(database: database, keys: crmKeys),
                    erasures: ErasureRepository(database: database, keys: crmKeys),
                    holds: LegalHoldRepository(database: database, keys: crmKeys),
                    signer: audit.signer,
                    afterErasure: { hostNotifier.ring() }
                ),
                access: access,
                guardian: identity.guardian
            ).addRoutes(to: routes)
            compliance.addRoutes(to: routes)
            HostWebhookController(
                webhooks: HostWebhookRepository(database: database, keys: crmKeys),
                configuration: lgpd,
                guardian: identity.guardian,
                access: access
            ).addRoutes(to: routes)
            DSRExportController(
                DSRExportController.Dependencies(
                    requests: DSRRepository(database: database, keys: crmKeys),
                    contacts: ContactRepository(database: database, keys: crmKeys),
                    interactions: InteractionRepository(database: database, keys: crmKeys),
                    source: SubjectExportSource(database: database, keys: crmKeys),
                    recipients: recipients
                ),
                access: access
            ).addRoutes(to: routes)
            MetricsOverviewController(metrics: MetricsRepository(database: database), guardian: identity.guardian)
                .addRoutes(to: routes)
        }
    )
    let retentionJobs: [any Service] =
        lgpd.retentionJob
        ? [
            RetentionJob(
                repository: RetentionRepository(database: database),
                policy: lgpd.retentionPolicy,
                interval: lgpd.retentionInterval,
                logger: logger
            )
        ] : []
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(api.host, port: api.port), serverName: nil),
        services: [
            database, MaintenanceFunction.identityHousekeeping(database: database, logger: logger), appender,
            checkpointer,
            KeyRingRefresher(holder: auth.keyRing, logger: logger),
            MaintenanceFunction.metricDeltasCompaction(database: database, logger: logger),
        ] + messaging.services + relationship.services + copilot.services + retentionJobs + [hostNotifier],
        logger: logger
    )
    app.beforeServerStarts {
        try await SchemaGate(migrator: migrator, timeout: api.readinessTimeout).check(logger: logger)
    }
    return app
}

/// Builds the router: middleware in order, then every controller's routes.
///
/// Order matters: the request id is set first so every later log line and error carries it;
/// the access log and metrics wrap the error middleware so they see the final status.
/// - Parameters:
///   - configuration: HTTP settings (body limit).
///   - metrics: Where request metrics go.
///   - pathLimits: Body limits of their own for exact paths (the WhatsApp webhook).
///   - controllers: Adds the routes; tests add their own probe routes here.
package func buildRouter(
    configuration: APIConfiguration,
    metrics: any MetricsFactory,
    pathLimits: [String: Int] = [:],
    controllers: (APIRoutes) -> Void
) -> Router<SigiloRequestContext> {
    let router = Router(context: SigiloRequestContext.self, options: .autoGenerateHeadEndpoints)
    let table = RouteTable()
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: HTTPMetricsMiddleware(factory: metrics))
    router.add(middleware: ErrorMiddleware(routes: table, maxBodySize: configuration.maxBodySize))
    router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodySize, pathLimits: pathLimits))
    controllers(APIRoutes(router: router, table: table))
    return router
}
