import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// The fold of `metric_deltas` (migration 0011's `sigilo_metric_deltas_compact`), as the
/// application role runs it every 60 s.
@Suite("Metric deltas compaction")
struct MetricDeltasCompactionTests {
    @Test("a fold keeps every sum, leaves one row per group, and a second fold finds nothing to fold")
    func folds() async throws {
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true, maximumConnections: 1)
            // A pool runs once: a second one reads what the folds left.
            let reader = database.pool(owner: true, maximumConnections: 1)
            /// Row count, then each group's sum.
            func state() async throws -> [String] {
                try await reader.strings(
                    unsafeSQL: """
                        SELECT 'rows ' || count(*) FROM metric_deltas
                        UNION ALL
                        (SELECT metric || coalesce('/' || reason, '') || ' ' || sum(value) FROM metric_deltas
                         GROUP BY metric, reason ORDER BY metric, reason)
                        """
                )
            }
            let folded = ["rows 3", "messages_failed/window_closed 3", "messages_in 7", "messages_out 4"]
            try await owner.whileRunning {
                let tenant = try await owner.strings(
                    unsafeSQL: "INSERT INTO tenants (slug, name) VALUES ('acme', 'Acme') RETURNING id::text"
                )[0]
                // Three groups: messages_in twice (5 + 2), messages_out once (4), failures by
                // window_closed three times (1 + 1 + 1), all on one day without queue or agent.
                _ = try await owner.strings(
                    unsafeSQL: """
                        INSERT INTO metric_deltas (tenant_id, day, metric, reason, value)
                        VALUES ('\(tenant)', '2025-03-03', 'messages_in', NULL, 5),
                               ('\(tenant)', '2025-03-03', 'messages_in', NULL, 2),
                               ('\(tenant)', '2025-03-03', 'messages_out', NULL, 4),
                               ('\(tenant)', '2025-03-03', 'messages_failed', 'window_closed', 1),
                               ('\(tenant)', '2025-03-03', 'messages_failed', 'window_closed', 1),
                               ('\(tenant)', '2025-03-03', 'messages_failed', 'window_closed', 1)
                        """
                )
            }
            let app = database.pool()
            let compaction = MaintenanceFunction.metricDeltasCompaction(database: app, logger: silentLogger)
            // 6 rows become 3: 3 fewer.
            let (first, second) = try await app.whileRunning {
                (try await compaction.runOnce(), try await compaction.runOnce())
            }
            #expect(first == 3)
            #expect(second == 0)
            let after = try await reader.whileRunning { try await state() }
            #expect(after == folded)
        }
    }
}
