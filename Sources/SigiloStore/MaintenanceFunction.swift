package import Logging
import PostgresNIO
import ServiceLifecycle

/// A database function that keeps a table in shape, run every `interval` in every instance.
/// Each function is one idempotent statement returning how many rows it removed or folded,
/// so several instances may run it at once and none needs to be elected.
package struct MaintenanceFunction: Service {
    /// The function's SQL name (a fixed literal, never input).
    let function: String
    /// The log line of a pass that changed rows, its level and the count's key; a failure
    /// logs `failure` at warning (docs/logging.md lists them).
    let done: (message: Logger.Message, level: Logger.Level, countKey: String)
    let failure: Logger.Message
    let database: Database
    let interval: Duration
    let logger: Logger

    package func run() async throws {
        await Periodic.run(every: interval) {
            do {
                let changed = try await runOnce()
                if changed > 0 { logger.log(level: done.level, done.message, metadata: [done.countKey: "\(changed)"]) }
            } catch {
                logger.warning(
                    failure,
                    metadata: [
                        "error.type": "\(type(of: error))",
                        "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "none")",
                    ]
                )
            }
        }
    }

    /// One pass; returns how many rows it removed or folded away.
    @discardableResult
    package func runOnce() async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: function)()",
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}

extension MaintenanceFunction {
    /// Forgets expired token revocations and idle login-throttle counters
    /// (`sigilo_identity_housekeeping()`), so those tables stay small.
    package static func identityHousekeeping(
        database: Database,
        interval: Duration = .seconds(600),
        logger: Logger
    ) -> MaintenanceFunction {
        MaintenanceFunction(
            function: "sigilo_identity_housekeeping",
            done: ("identity housekeeping", .info, "sigilo.rows_removed"),
            failure: "identity housekeeping failed",
            database: database,
            interval: interval,
            logger: logger
        )
    }

    /// Folds `metric_deltas` (`sigilo_metric_deltas_compact()`), so the metrics read one row per
    /// day, queue, agent, metric and reason instead of one per message statement. Two folds at
    /// once are safe: the second finds the rows gone.
    package static func metricDeltasCompaction(
        database: Database,
        interval: Duration = .seconds(60),
        logger: Logger
    ) -> MaintenanceFunction {
        MaintenanceFunction(
            function: "sigilo_metric_deltas_compact",
            done: ("metric deltas folded", .debug, "sigilo.rows_folded"),
            failure: "metric deltas compaction failed",
            database: database,
            interval: interval,
            logger: logger
        )
    }
}
