package import Logging
import PostgresNIO

/// Applies `migrations/*.sql` in order, each in its own transaction, and records them in
/// `schema_migrations` with their checksums.
///
/// Safe when several instances start at once: the whole run holds a session advisory lock,
/// so a second migrator waits, then finds everything applied. Advisory locks are scoped to
/// one database, so test databases in one cluster never wait for each other.
package struct Migrator: Sendable {
    /// The advisory lock key: "SIGILO" in ASCII, then 1.
    static let lockKey: Int64 = 0x5349_4749_4C4F_0001

    private let database: Database
    private let migrations: [Migration]

    /// Creates a migrator.
    /// - Parameters:
    ///   - database: A pool connected as the owner role (it creates and alters objects).
    ///   - migrations: The files, as ``MigrationSource/load(directory:)`` returns them.
    package init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrations = migrations
    }

    /// Applies every pending migration and returns the names applied, in order.
    ///
    /// Refuses to apply anything when an applied file changed or the database has a
    /// migration this build does not know.
    package func migrate(logger: Logger) async throws -> [String] {
        let prepared = try migrations.map { ($0, try $0.statements()) }
        return try await database.withConnection { connection in
            try await connection.run("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await apply(prepared, on: connection, logger: logger)
                try await connection.run(
                    "SELECT pg_advisory_unlock(\(Self.lockKey))"
                )
                return applied
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    /// Compares the database with the shipped files, without changing anything.
    ///
    /// Works as the application role (it only reads `schema_migrations`); a database that
    /// was never migrated has everything pending.
    package func status() async throws -> MigrationStatus {
        try await database.withConnection { connection in
            let applied = try await Self.appliedMigrations(on: connection)
            return MigrationStatus.compare(applied: applied, with: migrations)
        }
    }

    private func apply(
        _ prepared: [(Migration, [SQLScript.Statement])],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String] {
        try await connection.run(Self.createTable)
        let status = MigrationStatus.compare(
            applied: try await Self.appliedMigrations(on: connection),
            with: migrations
        )
        if let refusal = status.refusal { throw refusal }
        let pending = Set(status.pending)
        var appliedNow: [String] = []
        for (migration, statements) in prepared where pending.contains(migration.name) {
            let started = ContinuousClock.now
            try await applyOne(migration, statements: statements, on: connection)
            let elapsed = ContinuousClock.now - started
            logger.info(
                "migration applied",
                metadata: [
                    "sigilo.migration": "\(migration.name)",
                    "sigilo.duration_ms":
                        "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                ]
            )
            appliedNow.append(migration.name)
        }
        return appliedNow
    }

    private func applyOne(
        _ migration: Migration,
        statements: [SQLScript.Statement],
        on connection: PostgresConnection
    ) async throws {
        try await connection.run("BEGIN")
        var current: SQLScript.Statement?
        do {
            for statement in statements {
                current = statement
                try await connection.run(PostgresQuery(unsafeSQL: statement.text))
            }
            current = nil
            try await connection.run(
                """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """
            )
            try await connection.run("COMMIT")
        } catch {
            try? await connection.run("ROLLBACK")
            throw MigrationError(
                .statementFailed,
                file: migration.name + ".sql",
                line: current?.line,
                sqlState: StoreError.sqlState(of: error)
            )
        }
    }

    static func appliedMigrations(on connection: PostgresConnection) async throws -> [AppliedMigration] {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL",
            logger: Database.silentLogger
        )
        for try await present in exists.decode(Bool.self) where !present { return [] }
        let rows = try await connection.query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            logger: Database.silentLogger
        )
        var applied: [AppliedMigration] = []
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            applied.append(AppliedMigration(version: version, name: name, checksum: checksum))
        }
        return applied
    }

    static let createTable: PostgresQuery = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL UNIQUE,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now(),
            applied_by  text        NOT NULL DEFAULT current_user
        )
        """
}
