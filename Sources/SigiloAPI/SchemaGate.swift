import Logging
import SigiloCore
import SigiloStore

/// Refuses to start the server on a schema this build must not serve.
///
/// A changed or unknown applied migration stops start-up with the file's name. Pending
/// migrations do not: the server starts and `/readyz` answers 503 until `sigilo migrate`
/// runs, so a rolling deploy can start new instances before migrating. An unreachable
/// database does not stop start-up either; readiness reports it.
struct SchemaGate: Sendable {
    let migrator: Migrator
    let timeout: Duration

    func check(logger: Logger) async throws {
        let status: MigrationStatus
        do {
            status = try await Deadline.run(within: timeout) { [migrator] in try await migrator.status() }
        } catch {
            logger.warning(
                "schema check failed at start; /readyz will report it",
                metadata: [
                    "error.type": "\(type(of: error))", "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "none")",
                ]
            )
            return
        }
        if let refusal = status.refusal { throw refusal }
        if !status.ahead.isEmpty {
            logger.notice(
                "database schema is newer than this build; serving",
                metadata: ["sigilo.ahead": "\(status.ahead.count)"]
            )
        }
        if !status.pending.isEmpty {
            logger.warning(
                "migrations pending; /readyz answers 503 until sigilo migrate runs",
                metadata: ["sigilo.pending": "\(status.pending.count)"]
            )
        }
    }
}
