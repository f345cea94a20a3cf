import ArgumentParser
import Logging
import Metrics
import SigiloStore

/// `sigilo migrate`: applies pending migrations as the owner role, or reports their status.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations (as DATABASE_OWNER_URL's role).",
        discussion: "Safe to run from several instances at once: they take turns on an advisory lock."
    )

    @Flag(help: "Only report applied, pending and changed migrations, as DATABASE_URL's role; exit 3 unless current.")
    var status = false

    func run() async throws {
        try await OperatorError.report {
            let reader = ConfigurationSources.reader()
            let process = try ProcessConfiguration(reader: reader)
            LoggingSetup.bootstrap(process)
            let logger = Logger(label: "sigilo.migrate")
            let configuration = try DatabaseConfiguration(reader: reader)
            let migrations = try MigrationSource.load(directory: configuration.migrationsDirectory)
            let database = Database(
                url: status ? configuration.applicationURL : configuration.ownerURL,
                maximumConnections: 1,
                connectTimeout: configuration.connectTimeout,
                pool: status ? "application" : "owner",
                metricsFactory: NOOPMetricsHandler.instance,
                logger: logger
            )
            let migrator = Migrator(database: database, migrations: migrations)
            try await database.whileRunning {
                if status {
                    try await report(migrator.status())
                } else {
                    let applied = try await migrator.migrate(logger: logger)
                    print(
                        applied.isEmpty
                            ? "migrations: up to date (\(migrations.count) applied)"
                            : "migrations: applied \(applied.joined(separator: ", "))"
                    )
                }
            }
        }
    }

    private func report(_ status: MigrationStatus) throws {
        print("applied: \(status.appliedCount)")
        print("pending: \(status.pending.isEmpty ? "none" : status.pending.joined(separator: ", "))")
        if !status.changed.isEmpty { print("changed since applied: \(status.changed.joined(separator: ", "))") }
        if !status.unknown.isEmpty { print("unknown to this build: \(status.unknown.joined(separator: ", "))") }
        if !status.ahead.isEmpty { print("newer than this build (tolerated): \(status.ahead.joined(separator: ", "))") }
        guard status.isCurrent else { throw ExitCode(3) }
    }
}
