package import Foundation
import PostgresNIO

/// Agents' availability and capacity, and the tenant's relationship settings.
package struct AgentRepository: Sendable {
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    package struct Agent: Sendable, Equatable {
        package var userID: UUID
        package var available: Bool
        package var capacity: Int
        /// Open and pending tickets assigned now.
        package var load: Int
        package var queueIDs: [UUID]
        package var lastAssignedAt: Date?
    }

    /// Every active user who is an agent somewhere or has set an availability.
    package func list(tenant: UUID) async throws -> [Agent] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT u.id, COALESCE(a.available, false), COALESCE(a.capacity, 5),
                    (SELECT count(*) FROM conversations c WHERE c.assignee_id = u.id AND c.status = 'open'
                       AND c.ticket_status IN ('open', 'pending')),
                    ARRAY(SELECT m.queue_id FROM queue_members m WHERE m.user_id = u.id ORDER BY m.queue_id),
                    a.last_assigned_at
                FROM users u LEFT JOIN agent_availability a ON a.user_id = u.id
                WHERE u.disabled_at IS NULL
                  AND (a.user_id IS NOT NULL OR EXISTS (SELECT FROM queue_members m WHERE m.user_id = u.id))
                ORDER BY u.id
                """,
                logger: Database.silentLogger
            )
            var agents: [Agent] = []
            for try await row in rows.decode((UUID, Bool, Int32, Int, [UUID], Date?).self) {
                agents.append(
                    Agent(
                        userID: row.0,
                        available: row.1,
                        capacity: Int(row.2),
                        load: row.3,
                        queueIDs: row.4,
                        lastAssignedAt: row.5
                    )
                )
            }
            return agents
        }
    }

    /// Sets a user's availability and capacity (nil keeps the current one); nil when the
    /// tenant has no such active user (nothing is written).
    package func set(
        user: UUID,
        available: Bool?,
        capacity: Int?,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> Agent? {
        let found = try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection -> Bool in
                // Another tenant's user is invisible here (row-level security), as a disabled one is refused.
                guard try await TicketRepository.activeUser(user, on: connection) else { return false }
                try await connection.run(
                    """
                    INSERT INTO agent_availability (tenant_id, user_id, available, capacity)
                    VALUES (\(tenant), \(user), \(available ?? false), \(Int32(capacity ?? 5)))
                    ON CONFLICT (tenant_id, user_id) DO UPDATE SET
                        available = COALESCE(\(available)::boolean, agent_availability.available),
                        capacity = COALESCE(\(capacity.map(Int32.init))::integer, agent_availability.capacity),
                        updated_at = now()
                    """
                )
                _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
                return true
            }
        }
        guard found else { return nil }
        return try await list(tenant: tenant).first { $0.userID == user }
    }

    package struct Settings: Sendable, Equatable {
        /// The first-message menu's text; its options are the queues with a menu key.
        package var menuPrompt: String?
        /// Cadence messages left unanswered before a contact is flagged unresponsive.
        package var unresponsiveAfter: Int

        package init(menuPrompt: String?, unresponsiveAfter: Int) {
            self.menuPrompt = menuPrompt
            self.unresponsiveAfter = unresponsiveAfter
        }

        package static let defaults = Settings(menuPrompt: nil, unresponsiveAfter: 3)
    }

    package func settings(tenant: UUID) async throws -> Settings {
        try await database.withTenant(tenant) { connection in try await Self.settings(on: connection) }
    }

    static func settings(on connection: PostgresConnection) async throws -> Settings {
        let rows = try await connection.query(
            "SELECT menu_prompt, unresponsive_after FROM relationship_settings",
            logger: Database.silentLogger
        )
        for try await (prompt, after) in rows.decode((String?, Int32).self) {
            return Settings(menuPrompt: prompt, unresponsiveAfter: Int(after))
        }
        return .defaults
    }

    package func save(_ settings: Settings, tenant: UUID, audit: AuditDraft) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                """
                INSERT INTO relationship_settings (tenant_id, menu_prompt, unresponsive_after)
                VALUES (\(tenant), \(settings.menuPrompt), \(Int32(settings.unresponsiveAfter)))
                ON CONFLICT (tenant_id) DO UPDATE SET menu_prompt = EXCLUDED.menu_prompt,
                    unresponsive_after = EXCLUDED.unresponsive_after, updated_at = now()
                """
            )
            _ = try await AuditLedger.append([audit], tenant: tenant, on: connection)
        }
    }
}
