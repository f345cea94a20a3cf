import Hummingbird
import Logging
import SigiloCore
package import SigiloStore

/// `/healthz` (the process answers) and `/readyz` (it can serve: PostgreSQL reachable and the
/// schema exactly what this build expects).
///
/// Orchestrators restart on a failing liveness probe and stop routing on a failing readiness
/// probe, so only `/readyz` looks at the database: a database outage must not restart every
/// instance.
package struct HealthController: Sendable {
    private let migrator: Migrator
    private let timeout: Duration

    /// - Parameters:
    ///   - migrator: Compares `schema_migrations` with the shipped files (read-only).
    ///   - timeout: How long readiness waits for PostgreSQL.
    package init(migrator: Migrator, timeout: Duration) {
        self.migrator = migrator
        self.timeout = timeout
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get("/healthz") { _, _ in HealthStatus(status: "ok") }
        routes.get("/readyz") { _, context in try await ready(context: context) }
    }

    private func ready(context: SigiloRequestContext) async throws -> ReadinessStatus {
        let status: MigrationStatus
        do {
            status = try await Deadline.run(within: timeout) { [migrator] in try await migrator.status() }
        } catch {
            let sqlState = StoreError.sqlState(of: error)
            context.logger.warning(
                "readiness: database check failed",
                metadata: ["error.type": "\(type(of: error))", "db.sqlstate": "\(sqlState ?? "none")"]
            )
            if let sqlState {
                // Reached, but it refused (a missing GRANT shows as 42501): say so, not "unreachable".
                throw APIError.notReady(
                    code: "database_error",
                    message: "PostgreSQL answered with SQLSTATE \(sqlState)."
                )
            }
            throw APIError.notReady(code: "database_unavailable", message: "PostgreSQL cannot be reached.")
        }
        if status.refusal != nil {
            throw APIError.notReady(
                code: "schema_mismatch",
                message: "The database schema does not match this build's migrations."
            )
        }
        guard status.isCurrent else {
            throw APIError.notReady(
                code: "migrations_pending",
                message: "\(status.pending.count) migration(s) pending; run sigilo migrate."
            )
        }
        let migrations = status.ahead.isEmpty ? "current" : "ahead"
        return ReadinessStatus(status: "ready", checks: ["database": "ok", "migrations": migrations])
    }
}

/// The body of `/healthz`.
struct HealthStatus: ResponseEncodable {
    var status: String
}

/// The body of a successful `/readyz`.
struct ReadinessStatus: ResponseEncodable {
    var status: String
    var checks: [String: String]
}
