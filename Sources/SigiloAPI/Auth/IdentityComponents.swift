import SigiloCrypto
import SigiloStore

/// Everything identity serves, built once in ``buildApplication(reader:logger:)``.
struct IdentityComponents: Sendable {
    let sessions: Sessions
    let guardian: AccessGuard
    let tokens: AccessTokens
    let configuration: AuthConfiguration
    let database: Database
    let events: any SecurityEventSink

    init(
        configuration: AuthConfiguration,
        database: Database,
        events: any SecurityEventSink = LoggingSecurityEvents()
    )
        async throws
    {
        let tokens = await AccessTokens(
            signing: configuration.signingKeys.signing,
            retired: configuration.signingKeys.retired,
            issuer: configuration.issuer,
            audience: configuration.audience,
            lifetime: configuration.accessTokenLifetime
        )
        let hasher = try PasswordHasher(
            policy: configuration.argon2,
            ceiling: configuration.argon2Ceiling,
            queueLimit: configuration.hashQueueLimit
        )
        let authenticator = Authenticator(
            tokens: tokens,
            revoked: RevokedTokenRepository(database: database),
            policy: configuration.permissions,
            integrationKeys: IntegrationKeyRepository(database: database)
        )
        self.tokens = tokens
        self.configuration = configuration
        self.database = database
        self.events = events
        self.guardian = try AccessGuard(authenticator: authenticator, policy: configuration.permissions, events: events)
        self.sessions = Sessions(
            database: database,
            hasher: hasher,
            tokens: tokens,
            configuration: configuration,
            events: events
        )
    }

    func addRoutes(to routes: APIRoutes) {
        JWKSController(tokens: tokens).addRoutes(to: routes)
        AuthController(sessions: sessions, guardian: guardian).addRoutes(to: routes)
        UsersController(sessions: sessions, guardian: guardian, events: events).addRoutes(to: routes)
        TenantController(tenants: sessions.tenants, guardian: guardian).addRoutes(to: routes)
        let clients = OAuthClientRepository(database: database)
        OAuthClientsController(clients: clients, policy: configuration.permissions, guardian: guardian, events: events)
            .addRoutes(to: routes)
        OAuthController(
            clients: clients,
            tokens: tokens,
            authenticator: guardian.authenticator,
            lifetime: configuration.accessTokenLifetime,
            events: events
        ).addRoutes(to: routes)
    }
}
