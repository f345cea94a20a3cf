package import Logging
import PostgresNIO
import ServiceLifecycle

/// Folds `metric_deltas` every `interval` (through `sigilo_metric_deltas_compact()`), so the
/// metrics read one row per day, queue, agent, metric and reason instead of one per message
/// statement.
///
/// Runs in every instance: a fold deletes and re-inserts in one statement, and two folds at
/// once are safe (the second finds the rows gone), so no instance needs to be elected.
package struct MetricDeltasCompaction: Service {
    private let database: Database
    private let interval: Duration
    private let logger: Logger

    package init(database: Database, interval: Duration = .seconds(60), logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await Periodic.run(every: interval) {
            do {
                let folded = try await runOnce()
                if folded > 0 { logger.debug("metric deltas folded", metadata: ["sigilo.rows_folded": "\(folded)"]) }
            } catch {
                logger.warning(
                    "metric deltas compaction failed",
                    metadata: [
                        "error.type": "\(type(of: error))",
                        "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "none")",
                    ]
                )
            }
        }
    }

    /// One fold; returns how many rows fewer the table holds.
    @discardableResult
    package func runOnce() async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_metric_deltas_compact()",
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
