import Foundation
import PostgresNIO

/// Picks the agent for a ticket in a queue: an available member below capacity, the one
/// assigned least recently first. One assignment at a time per tenant (an advisory lock), so
/// two tickets routed at once never both take an agent's last free place.
enum RoundRobin {
    static func pick(queue: UUID, tenant: UUID, on connection: PostgresConnection) async throws -> UUID? {
        try await lock(tenant, on: connection)
        let rows = try await connection.query(
            """
            SELECT a.user_id FROM agent_availability a
            JOIN queue_members m ON m.user_id = a.user_id AND m.queue_id = \(queue)
            JOIN users u ON u.id = a.user_id AND u.disabled_at IS NULL
            WHERE a.available AND a.capacity > (
                SELECT count(*) FROM conversations c
                WHERE c.assignee_id = a.user_id AND c.status = 'open' AND c.ticket_status IN ('open', 'pending'))
            ORDER BY a.last_assigned_at NULLS FIRST, a.user_id LIMIT 1
            """,
            logger: Database.silentLogger
        )
        var chosen: UUID?
        for try await id in rows.decode(UUID.self) { chosen = id }
        if let chosen { try await touched(chosen, on: connection) }
        return chosen
    }

    /// The tenant's assignment lock (until the transaction ends): a hand assignment and a pick
    /// never count an agent's load at the same time. A person may still assign past capacity.
    static func lock(_ tenant: UUID, on connection: PostgresConnection) async throws {
        try await connection.run(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(tenant.uuidString + ":assign"), 0))"
        )
    }

    /// Moves the agent to the end of the round robin.
    static func touched(_ agent: UUID, on connection: PostgresConnection) async throws {
        try await connection.run(
            "UPDATE agent_availability SET last_assigned_at = clock_timestamp() WHERE user_id = \(agent)"
        )
    }
}
