import Crypto
package import Foundation
import PostgresNIO
import SigiloCrypto
import Synchronization

/// A tenant's WhatsApp numbers. Access tokens and app secrets are sealed under the tenant's
/// channel-secrets key; the verify token is kept only as a SHA-256 digest.
package struct ChannelRepository: Sendable {
    let database: Database
    let keys: CRMKeys
    private let routes: RouteCache

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
        self.routes = RouteCache()
    }

    static let columns = """
        id, phone_number_id, waba_id, display_number, label, graph_base_url, status, status_reason, \
        messages_per_second, created_at, updated_at
        """

    typealias Decoded = (UUID, String, String, String, String?, String, String, String?, Int32, Date, Date)

    static func channel(_ row: Decoded) -> WhatsAppChannel {
        WhatsAppChannel(
            id: row.0,
            phoneNumberID: row.1,
            wabaID: row.2,
            displayNumber: row.3,
            label: row.4,
            graphBaseURL: row.5,
            status: WhatsAppChannel.Status(rawValue: row.6) ?? .disabled,
            statusReason: row.7,
            messagesPerSecond: Int(row.8),
            createdAt: row.9,
            updatedAt: row.10
        )
    }

    /// Adds a number to `tenant`. Every field of `changes` but `label` and `status` is required
    /// (the caller validated them).
    /// - Throws: ``StoreError`` `conflict` when the phone-number id is already registered.
    package func create(tenant: UUID, _ new: ChannelChanges) async throws -> WhatsAppChannel {
        guard let phoneNumberID = new.phoneNumberID, let wabaID = new.wabaID, let display = new.displayNumber,
            let base = new.graphBaseURL, let token = new.accessToken, let secret = new.appSecret,
            let verify = new.verifyToken
        else { throw StoreError(.missingReference) }
        let id = UUID()
        return try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let sealing = try await keys.tenantKey(.channelSecrets, tenant: tenant, on: connection)
                let rows = try await connection.query(
                    """
                    INSERT INTO whatsapp_channels (id, tenant_id, phone_number_id, waba_id, display_number, label,
                        graph_base_url, access_token_sealed, app_secret_sealed, verify_token_digest,
                        messages_per_second)
                    VALUES (\(id), \(tenant), \(phoneNumberID), \(wabaID), \(display), \(new.label ?? nil)::text,
                        \(base), \(try Self.seal(token, "access_token_sealed", id, tenant, sealing)),
                        \(try Self.seal(secret, "app_secret_sealed", id, tenant, sealing)), \(Self.digest(verify)),
                        \(Int32(new.messagesPerSecond ?? 80)))
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                guard let channel = try await Self.first(rows) else { throw StoreError(.notFound) }
                return channel
            }
        }
    }

    /// The tenant's numbers, in creation order.
    package func list(tenant: UUID) async throws -> [WhatsAppChannel] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM whatsapp_channels ORDER BY created_at, id",
                logger: Database.silentLogger
            )
            var channels: [WhatsAppChannel] = []
            for try await row in rows.decode(Decoded.self) { channels.append(Self.channel(row)) }
            return channels
        }
    }

    /// One number of the tenant, or nil.
    package func find(tenant: UUID, id: UUID) async throws -> WhatsAppChannel? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM whatsapp_channels WHERE id = \(id)",
                logger: Database.silentLogger
            )
            return try await Self.first(rows)
        }
    }

    /// Applies `changes`; a new access token puts a `token_expired` channel back to `active`.
    /// - Returns: nil when the tenant has no such channel.
    package func update(tenant: UUID, id: UUID, _ changes: ChannelChanges) async throws -> WhatsAppChannel? {
        let updated = try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let sealing = try await keys.tenantKey(.channelSecrets, tenant: tenant, on: connection)
                let token = try changes.accessToken.map {
                    try Self.seal($0, "access_token_sealed", id, tenant, sealing)
                }
                let secret = try changes.appSecret.map { try Self.seal($0, "app_secret_sealed", id, tenant, sealing) }
                let status = changes.status?.rawValue ?? (token != nil ? "active" : nil)
                let rows = try await connection.query(
                    """
                    UPDATE whatsapp_channels SET
                        waba_id = COALESCE(\(changes.wabaID)::text, waba_id),
                        display_number = COALESCE(\(changes.displayNumber)::text, display_number),
                        label = CASE WHEN \(changes.label != nil) THEN \(changes.label ?? nil)::text ELSE label END,
                        graph_base_url = COALESCE(\(changes.graphBaseURL)::text, graph_base_url),
                        access_token_sealed = COALESCE(\(token)::bytea, access_token_sealed),
                        app_secret_sealed = COALESCE(\(secret)::bytea, app_secret_sealed),
                        verify_token_digest = COALESCE(\(changes.verifyToken.map(Self.digest))::bytea,
                            verify_token_digest),
                        messages_per_second = COALESCE(\(changes.messagesPerSecond.map(Int32.init))::integer,
                            messages_per_second),
                        status_reason = CASE WHEN \(status)::text IS NULL THEN status_reason ELSE NULL END,
                        status_changed_at = CASE WHEN \(status)::text IS NULL OR \(status)::text = status
                            THEN status_changed_at ELSE now() END,
                        status = COALESCE(\(status)::text, status),
                        updated_at = now()
                    WHERE id = \(id)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                return try await Self.first(rows)
            }
        }
        routes.forget()
        return updated
    }

    /// Removes a number that never carried a conversation.
    /// - Returns: false when there is no such channel.
    /// - Throws: ``StoreError`` `missingReference` when conversations still point at it.
    package func delete(tenant: UUID, id: UUID) async throws -> Bool {
        let deleted = try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let rows = try await connection.query(
                    "DELETE FROM whatsapp_channels WHERE id = \(id) RETURNING id",
                    logger: Database.silentLogger
                )
                var found = false
                for try await _ in rows { found = true }
                return found
            }
        }
        routes.forget()
        return deleted
    }

    /// Marks a channel `token_expired` (Meta's code 190): its outbox pauses until an admin
    /// sets a new token. - Returns: whether the status changed (so the alert fires once).
    package func markTokenExpired(tenant: UUID, id: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE whatsapp_channels SET status = 'token_expired', status_reason = 'graph_code_190',
                    status_changed_at = now(), updated_at = now()
                WHERE id = \(id) AND status = 'active' RETURNING id
                """,
                logger: Database.silentLogger
            )
            var changed = false
            for try await _ in rows { changed = true }
            return changed
        }
    }

    /// The channel with its opened secrets, for a call to the Graph API.
    package func credentials(tenant: UUID, id: UUID) async throws -> (WhatsAppChannel, ChannelCredentials)? {
        try await database.withTenant(tenant) { connection in
            try await credentials(tenant: tenant, id: id, on: connection)
        }
    }

    func credentials(
        tenant: UUID,
        id: UUID,
        on connection: PostgresConnection
    ) async throws
        -> (WhatsAppChannel, ChannelCredentials)?
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns), access_token_sealed, app_secret_sealed
            FROM whatsapp_channels WHERE id = \(id)
            """,
            logger: Database.silentLogger
        )
        for try await row in rows.decode(
            (UUID, String, String, String, String?, String, String, String?, Int32, Date, Date, Data, Data).self
        ) {
            let channel = Self.channel((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10))
            let sealing = try await keys.tenantKey(.channelSecrets, tenant: tenant, on: connection)
            let credentials = ChannelCredentials(
                accessToken: try Self.open(row.11, "access_token_sealed", id, tenant, sealing),
                appSecret: try Self.open(row.12, "app_secret_sealed", id, tenant, sealing)
            )
            return (channel, credentials)
        }
        return nil
    }

    /// The routes of these phone-number ids (unknown and disabled ones are left out), app
    /// secrets opened. Cached for a few seconds: every webhook POST asks.
    package func routes(phoneNumberIDs: [String]) async throws -> [ChannelRoute] {
        var found: [ChannelRoute] = []
        var missing: [String] = []
        for id in Set(phoneNumberIDs) {
            if let route = routes.route(for: id) { found.append(route) } else { missing.append(id) }
        }
        guard !missing.isEmpty else { return found }
        let fetched = try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT * FROM sigilo_whatsapp_route(\(missing)::text[])",
                logger: Database.silentLogger
            )
            var sealed: [(String, UUID, UUID, Data)] = []
            for try await row in rows.decode((String, UUID, UUID, Data).self) { sealed.append(row) }
            return sealed
        }
        for (phoneNumberID, tenant, channel, secret) in fetched {
            let appSecret = try await database.withTenant(tenant) { connection in
                let sealing = try await keys.tenantKey(.channelSecrets, tenant: tenant, on: connection)
                return try Self.open(secret, "app_secret_sealed", channel, tenant, sealing)
            }
            let route = ChannelRoute(
                phoneNumberID: phoneNumberID,
                tenantID: tenant,
                channelID: channel,
                appSecret: appSecret
            )
            routes.remember(route)
            found.append(route)
        }
        return found
    }

    /// Whether any channel was configured with `verifyToken` (the handshake names no number).
    package func verifyTokenKnown(_ verifyToken: String) async throws -> Bool {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_whatsapp_verify_token_known(\(Self.digest(verifyToken)))",
                logger: Database.silentLogger
            )
            var known = false
            for try await value in rows.decode(Bool.self) { known = value }
            return known
        }
    }

    static func digest(_ verifyToken: String) -> Data { Data(SHA256.hash(data: Data(verifyToken.utf8))) }

    private static func address(_ column: String, _ channel: UUID, _ tenant: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "whatsapp_channels", column: column, row: channel, subject: tenant)
    }

    private static func seal(
        _ value: String,
        _ column: String,
        _ channel: UUID,
        _ tenant: UUID,
        _ key: SubjectKey
    )
        throws -> Data
    {
        try key.seal(value, at: address(column, channel, tenant))
    }

    private static func open(
        _ value: Data,
        _ column: String,
        _ channel: UUID,
        _ tenant: UUID,
        _ key: SubjectKey
    )
        throws(SealedDataError) -> String
    {
        do {
            return try key.open(value, at: address(column, channel, tenant))
        } catch {
            throw SealedDataError(.valueUnreadable, table: "whatsapp_channels", column: column, row: channel)
        }
    }

    private static func first(_ rows: PostgresRowSequence) async throws -> WhatsAppChannel? {
        for try await row in rows.decode(Decoded.self) { return channel(row) }
        return nil
    }
}

/// Routes looked up in the last few seconds (a channel change or removal clears them here;
/// other instances see it within ``lifetime``).
private final class RouteCache: Sendable {
    static let lifetime: TimeInterval = 10
    private let entries = Mutex<[String: (ChannelRoute, Date)]>([:])

    func route(for phoneNumberID: String) -> ChannelRoute? {
        entries.withLock { entries in
            guard let (route, at) = entries[phoneNumberID], Date().timeIntervalSince(at) < Self.lifetime else {
                return nil
            }
            return route
        }
    }

    func remember(_ route: ChannelRoute) {
        entries.withLock { $0[route.phoneNumberID] = (route, Date()) }
    }

    func forget() {
        entries.withLock { $0.removeAll() }
    }
}
