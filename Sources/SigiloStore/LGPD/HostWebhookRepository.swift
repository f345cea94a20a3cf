package import Foundation
import PostgresNIO
import SigiloCrypto

/// The host CRM's endpoint for LGPD notices (Art. 18 §6) and the notices themselves: written
/// in the transaction of what they announce, delivered by any instance (``lease(_:tenant:)``
/// gives a notice to one instance at a time), retried with backoff.
package struct HostWebhookRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// A tenant's endpoint, as shown (never its secret).
    package struct Endpoint: Sendable, Equatable {
        package var url: String
        package var updatedAt: Date
    }

    /// A notice to deliver now.
    package struct Delivery: Sendable {
        package var id: UUID
        package var tenant: UUID
        package var event: String
        package var payload: String
        package var url: String
        package var secret: String
        package var attempt: Int
    }

    /// Most delivery attempts before a notice is marked `failed`.
    static let maximumAttempts = 20

    /// Sets the tenant's endpoint and secret, audited.
    package func configure(url: String, secret: String, tenant: UUID, audit: AuditDraft) async throws -> Endpoint {
        try await database.withTenant(tenant) { connection in
            let key = try await keys.tenantKey(.hostWebhook, tenant: tenant, on: connection)
            let sealed = try key.seal(secret, at: Self.address(tenant))
            let rows = try await connection.query(
                """
                INSERT INTO host_webhooks (tenant_id, url, secret_sealed) VALUES (\(tenant), \(url), \(sealed))
                ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url, secret_sealed = EXCLUDED.secret_sealed,
                    updated_at = now()
                RETURNING url, updated_at
                """,
                logger: Database.silentLogger
            )
            var endpoint = Endpoint(url: url, updatedAt: Date())
            for try await (stored, updated) in rows.decode((String, Date).self) {
                endpoint = Endpoint(url: stored, updatedAt: updated)
            }
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
            return endpoint
        }
    }

    /// The tenant's endpoint, if any.
    package func endpoint(tenant: UUID) async throws -> Endpoint? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT url, updated_at FROM host_webhooks WHERE tenant_id = \(tenant)",
                logger: Database.silentLogger
            )
            for try await (url, updated) in rows.decode((String, Date).self) {
                return Endpoint(url: url, updatedAt: updated)
            }
            return nil
        }
    }

    /// Removes the tenant's endpoint (pending notices stay, and fail once they find none).
    package func remove(tenant: UUID, audit: AuditDraft) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "DELETE FROM host_webhooks WHERE tenant_id = \(tenant) RETURNING 1",
                logger: Database.silentLogger
            )
            var removed = false
            for try await _ in rows.decode(Int32.self) { removed = true }
            if removed { _ = try await AuditLedger.append([audit], tenant: tenant, on: connection) }
            return removed
        }
    }

    /// Queues `payload` for the tenant's host CRM inside the caller's transaction, when the
    /// tenant has an endpoint. - Returns: whether a notice was queued.
    static func enqueue(
        event: String,
        payload: String,
        tenant: UUID,
        on connection: PostgresConnection
    )
        async throws -> Bool
    {
        let rows = try await connection.query(
            """
            INSERT INTO host_notifications (id, tenant_id, event, payload)
            SELECT \(UUID()), tenant_id, \(event), \(payload) FROM host_webhooks WHERE tenant_id = \(tenant)
            RETURNING 1
            """,
            logger: Database.silentLogger
        )
        var queued = false
        for try await _ in rows.decode(Int32.self) { queued = true }
        return queued
    }

    /// Notices due now across tenants (ids only).
    package func due(limit: Int) async throws -> [(id: UUID, tenant: UUID)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT id, tenant_id FROM sigilo_host_notifications_due(\(Int32(limit)))",
                logger: Database.silentLogger
            )
            var due: [(id: UUID, tenant: UUID)] = []
            for try await row in rows.decode((UUID, UUID).self) { due.append(row) }
            return due
        }
    }

    /// Takes notice `id` for one delivery attempt (a lease of a minute: an instance that dies
    /// mid-delivery leaves it to be tried again); nil when another instance has it, it is no
    /// longer due, or the tenant has no endpoint.
    package func lease(_ id: UUID, tenant: UUID) async throws -> Delivery? {
        try await database.withTenant(tenant) { connection -> Delivery? in
            let rows = try await connection.query(
                """
                WITH taken AS (
                    UPDATE host_notifications SET attempts = attempts + 1,
                        next_attempt_at = now() + interval '60 seconds'
                    WHERE id = \(id) AND state = 'pending' AND next_attempt_at <= now()
                    RETURNING tenant_id, event, payload, attempts
                )
                SELECT t.event, t.payload, t.attempts, w.url, w.secret_sealed
                FROM taken t LEFT JOIN host_webhooks w ON w.tenant_id = t.tenant_id
                """,
                logger: Database.silentLogger
            )
            for try await (event, payload, attempts, url, sealed) in rows.decode(
                (String, String, Int32, String?, Data?).self
            ) {
                // The endpoint was removed since: nowhere to deliver, and never again due.
                guard let url, let sealed else {
                    try await connection.run("UPDATE host_notifications SET state = 'failed' WHERE id = \(id)")
                    return nil
                }
                let key = try await keys.tenantKey(.hostWebhook, tenant: tenant, on: connection)
                let secret: String
                do {
                    secret = try key.open(sealed, at: Self.address(tenant))
                } catch {
                    throw SealedDataError(
                        .valueUnreadable,
                        table: "host_webhooks",
                        column: "secret_sealed",
                        row: tenant
                    )
                }
                return Delivery(
                    id: id,
                    tenant: tenant,
                    event: event,
                    payload: payload,
                    url: url,
                    secret: secret,
                    attempt: Int(attempts)
                )
            }
            return nil
        }
    }

    /// Records an attempt's outcome: delivered, or tried again after 2^attempts seconds (at
    /// most an hour) until ``maximumAttempts``, then `failed`.
    package func settle(_ delivery: Delivery, delivered: Bool, status: Int?) async throws {
        try await database.withTenant(delivery.tenant) { connection in
            try await connection.run(
                """
                UPDATE host_notifications SET last_status = \(status.map(Int32.init))::integer,
                    state = CASE WHEN \(delivered) THEN 'delivered'
                                 WHEN attempts >= \(Int32(Self.maximumAttempts)) THEN 'failed' ELSE 'pending' END,
                    delivered_at = CASE WHEN \(delivered) THEN now() ELSE NULL END,
                    next_attempt_at = now() + least(power(2, attempts), 3600) * interval '1 second'
                WHERE id = \(delivery.id)
                """
            )
        }
    }

    static func address(_ tenant: UUID) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "host_webhooks", column: "secret_sealed", row: tenant, subject: tenant)
    }
}
