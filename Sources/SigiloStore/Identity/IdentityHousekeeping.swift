package import Logging
import PostgresNIO
import ServiceLifecycle

/// Forgets expired token revocations and idle login-throttle counters every `interval`
/// (through `sigilo_identity_housekeeping()`), so those tables stay small.
///
/// Safe with several instances: each run is one idempotent statement.
package struct IdentityHousekeeping: Service {
    private let database: Database
    private let interval: Duration
    private let logger: Logger

    package init(database: Database, interval: Duration = .seconds(600), logger: Logger) {
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await Periodic.run(every: interval) {
            do {
                let removed = try await runOnce()
                if removed > 0 { logger.info("identity housekeeping", metadata: ["sigilo.rows_removed": "\(removed)"]) }
            } catch {
                logger.warning(
                    "identity housekeeping failed",
                    metadata: [
                        "error.type": "\(type(of: error))",
                        "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "none")",
                    ]
                )
            }
        }
    }

    /// One pass; returns how many rows were removed.
    package func runOnce() async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT sigilo_identity_housekeeping()",
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
