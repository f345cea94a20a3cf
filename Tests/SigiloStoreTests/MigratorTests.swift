import Logging
import SigiloTesting
import Testing

@testable import SigiloStore

/// The migration runner against a real PostgreSQL: each test gets an empty database.
@Suite("Migrator")
struct MigratorTests {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func migrate(_ database: TestDatabase, _ folder: MigrationFolder) async throws -> [String] {
        let pool = database.pool(owner: true)
        let migrations = try MigrationSource.load(directory: folder.path)
        return try await pool.whileRunning {
            try await Migrator(database: pool, migrations: migrations).migrate(logger: logger)
        }
    }

    /// Status as the owner: these hand-made migration sets have no baseline granting the
    /// application role SELECT on schema_migrations (the shipped 0001 does; tested below).
    private func status(_ database: TestDatabase, _ folder: MigrationFolder) async throws -> MigrationStatus {
        let pool = database.pool(owner: true)
        let migrations = try MigrationSource.load(directory: folder.path)
        return try await pool.whileRunning { try await Migrator(database: pool, migrations: migrations).status() }
    }

    private func strings(_ database: TestDatabase, _ sql: String) async throws -> [String] {
        let pool = database.pool(owner: true)
        return try await pool.whileRunning { try await pool.strings(unsafeSQL: sql) }
    }

    @Test("pending files apply in version order, once, each recorded with its checksum")
    func appliesInOrder() async throws {
        try await TestDatabase.withEmpty { database in
            // 0002 depends on 0001's table and 0010 on 0002's column: any other order fails.
            let folder = try MigrationFolder([
                "0010_third.sql": "INSERT INTO steps (name, note) VALUES ('third', 'x');",
                "0001_first.sql":
                    "CREATE TABLE steps (id serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO steps (name) VALUES ('first');",
                "0002_second.sql":
                    "ALTER TABLE steps ADD COLUMN note text;\nINSERT INTO steps (name) VALUES ('second');",
            ])
            #expect(try await migrate(database, folder) == ["0001_first", "0002_second", "0010_third"])
            #expect(try await strings(database, "SELECT name FROM steps ORDER BY id") == ["first", "second", "third"])
            #expect(
                try await strings(database, "SELECT name FROM schema_migrations ORDER BY version") == [
                    "0001_first", "0002_second", "0010_third",
                ]
            )
            let recorded = try await strings(database, "SELECT checksum FROM schema_migrations ORDER BY version")
            let shipped = try MigrationSource.load(directory: folder.path).map(\.checksum)
            #expect(recorded == shipped)

            #expect(try await migrate(database, folder) == [])
            #expect(try await strings(database, "SELECT count(*)::text FROM steps") == ["3"])
            #expect(try await status(database, folder).isCurrent)
        }
    }

    @Test("a new file applies on the next run; a changed applied file is refused and nothing runs")
    func refusesChecksumDrift() async throws {
        try await TestDatabase.withEmpty { database in
            let folder = try MigrationFolder(["0001_first.sql": "CREATE TABLE a (x int);"])
            _ = try await migrate(database, folder)
            try folder.write("0002_second.sql", "CREATE TABLE b (x int);")
            try folder.write("0001_first.sql", "CREATE TABLE a (x bigint);")

            await #expect(throws: MigrationError(.checksumMismatch, file: "0001_first.sql")) {
                try await migrate(database, folder)
            }
            #expect(try await strings(database, "SELECT to_regclass('b')::text") == [""])
            let current = try await status(database, folder)
            #expect(current.changed == ["0001_first"])
            #expect(current.refusal == MigrationError(.checksumMismatch, file: "0001_first.sql"))
        }
    }

    @Test("a database with a migration this build lacks, older than its newest, is refused")
    func refusesUnknownApplied() async throws {
        try await TestDatabase.withEmpty { database in
            let other = try MigrationFolder(["0001_first.sql": "SELECT 1;", "0002_second.sql": "SELECT 2;"])
            _ = try await migrate(database, other)
            let diverged = try MigrationFolder(["0001_first.sql": "SELECT 1;", "0003_third.sql": "SELECT 3;"])
            await #expect(throws: MigrationError(.unknownApplied, file: "0002_second")) {
                try await migrate(database, diverged)
            }
            #expect(try await status(database, diverged).unknown == ["0002_second"])
        }
    }

    @Test("a schema newer than the build (a rolling deploy) is tolerated, not refused")
    func toleratesNewerSchema() async throws {
        try await TestDatabase.withEmpty { database in
            let newer = try MigrationFolder(["0001_first.sql": "SELECT 1;", "0002_second.sql": "SELECT 2;"])
            _ = try await migrate(database, newer)
            let older = try MigrationFolder(["0001_first.sql": "SELECT 1;"])
            let current = try await status(database, older)
            #expect(current.ahead == ["0002_second"])
            #expect(current.unknown.isEmpty && current.refusal == nil && current.isCurrent)
            #expect(try await migrate(database, older) == [])
        }
    }

    @Test("newer migrations applied while one of ours is missing: diverged, refused")
    func refusesAheadWithPending() async throws {
        try await TestDatabase.withEmpty { database in
            let theirs = try MigrationFolder(["0001_first.sql": "SELECT 1;", "0003_theirs.sql": "SELECT 3;"])
            _ = try await migrate(database, theirs)
            let ours = try MigrationFolder(["0001_first.sql": "SELECT 1;", "0002_ours.sql": "SELECT 2;"])
            let current = try await status(database, ours)
            #expect(current.ahead == ["0003_theirs"] && current.pending == ["0002_ours"])
            #expect(current.refusal == MigrationError(.unknownApplied, file: "0003_theirs"))
            await #expect(throws: MigrationError(.unknownApplied, file: "0003_theirs")) {
                try await migrate(database, ours)
            }
        }
    }

    @Test("a failing file leaves nothing of itself behind and names its line and SQLSTATE")
    func failedMigrationRollsBack() async throws {
        try await TestDatabase.withEmpty { database in
            let folder = try MigrationFolder([
                "0001_good.sql": "CREATE TABLE good (x int);",
                "0002_bad.sql": "CREATE TABLE half (x int);\n\nINSERT INTO missing_table VALUES (1);",
            ])
            await #expect(throws: MigrationError(.statementFailed, file: "0002_bad.sql", line: 3, sqlState: "42P01")) {
                try await migrate(database, folder)
            }
            #expect(try await strings(database, "SELECT coalesce(to_regclass('half')::text, 'absent')") == ["absent"])
            #expect(try await strings(database, "SELECT name FROM schema_migrations") == ["0001_good"])
        }
    }

    @Test("two migrators started at once apply each file exactly once")
    func concurrentMigrators() async throws {
        try await TestDatabase.withEmpty { database in
            // Not idempotent on purpose: applying it twice would fail on the CREATE TABLE.
            let folder = try MigrationFolder([
                "0001_slow.sql": "CREATE TABLE once (x int);\nSELECT pg_sleep(0.3);\nINSERT INTO once VALUES (1);",
                "0002_next.sql": "INSERT INTO once VALUES (2);",
            ])
            async let first = migrate(database, folder)
            async let second = migrate(database, folder)
            let results = try await [first, second]
            #expect(results.sorted { $0.count > $1.count } == [["0001_slow", "0002_next"], []])
            #expect(try await strings(database, "SELECT x::text FROM once ORDER BY x") == ["1", "2"])
            #expect(try await strings(database, "SELECT count(*)::text FROM schema_migrations") == ["2"])
        }
    }

    @Test("status before any migration: everything pending, nothing refused")
    func statusOfEmptyDatabase() async throws {
        try await TestDatabase.withEmpty { database in
            let folder = try MigrationFolder(["0001_a.sql": "SELECT 1;", "0002_b.sql": "SELECT 2;"])
            let current = try await status(database, folder)
            #expect(current.pending == ["0001_a", "0002_b"])
            #expect(!current.isCurrent)
            #expect(current.refusal == nil)
        }
    }

    @Test("after the baseline, the application role reads status but cannot create objects")
    func applicationRoleIsNotOwner() async throws {
        try await TestDatabase.withMigrated { database in
            let pool = database.pool()
            let migrations = try MigrationSource.load(directory: RepositoryPaths.migrations)
            try await pool.whileRunning { () async throws -> Void in
                let current = try await Migrator(database: pool, migrations: migrations).status()
                #expect(current.isCurrent)
                do {
                    _ = try await pool.strings(unsafeSQL: "CREATE TABLE intruder (x int)")
                    Issue.record("the application role created a table")
                } catch {
                    #expect(StoreError.sqlState(of: error) == "42501")  // insufficient_privilege
                }
            }
        }
    }
}
