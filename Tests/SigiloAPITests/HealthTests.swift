import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import SigiloCore
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// `/healthz` and `/readyz` through the real composition root against a real PostgreSQL.
@Suite("Health and readiness")
struct HealthTests {
    @Test("a migrated database is ready; liveness never looks at the database")
    func readyWhenMigrated() async throws {
        try await TestDatabase.withMigrated { database in
            let app = try await buildApplication(
                reader: TestConfiguration.reader(database: database),
                logger: silentLogger
            )
            try await app.test(.router) { client in
                let live = try await client.execute(uri: "/healthz", method: .get)
                #expect(live.status == .ok)
                #expect(String(buffer: live.body) == #"{"status":"ok"}"#)
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(ready.body.readableBytesView)) as? [String: Any]
                #expect(body?["status"] as? String == "ready")
                #expect(body?["checks"] as? [String: String] == ["database": "ok", "migrations": "current"])
                let head = try await client.execute(uri: "/readyz", method: .head)
                #expect(head.status == .ok)
            }
        }
    }

    @Test("an unmigrated database answers 503 migrations_pending with Retry-After")
    func notReadyWhenPending() async throws {
        try await TestDatabase.withEmpty { database in
            let app = try await buildApplication(
                reader: TestConfiguration.reader(database: database),
                logger: silentLogger
            )
            try await app.test(.router) { client in
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .serviceUnavailable)
                #expect(ready.headers[.retryAfter] == "5")
                #expect(try DecodedEnvelope(ready).error.code == "migrations_pending")
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            }
        }
    }

    @Test("an unreachable database answers 503 database_unavailable")
    func notReadyWhenUnreachable() async throws {
        try await TestDatabase.withMigrated { database in
            var unreachable = database.applicationURL
            unreachable.endpoint = .tcp(host: "127.0.0.1", port: 1)  // nothing listens on port 1
            let reader = TestConfiguration.reader(
                database: database,
                overrides: ["database.url": unreachable.connectionString, "http.readinessTimeout": "500ms"]
            )
            let app = try await buildApplication(reader: reader, logger: silentLogger)
            try await app.test(.router) { client in
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .serviceUnavailable)
                #expect(try DecodedEnvelope(ready).error.code == "database_unavailable")
            }
        }
    }

    @Test("a schema changed after it was applied: start-up refused, readiness reports schema_mismatch")
    func schemaMismatch() async throws {
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true)
            try await owner.whileRunning {
                _ = try await owner.strings(
                    unsafeSQL: "UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1"
                )
            }
            let app = try await buildApplication(
                reader: TestConfiguration.reader(database: database),
                logger: silentLogger
            )
            // The real server start (port 0): the schema gate runs before the socket opens.
            await #expect(throws: MigrationError(.checksumMismatch, file: "0001_baseline.sql")) {
                try await Deadline.run(within: .seconds(20)) { try await app.run() }
            }

            let pool = database.pool()
            let migrations = try MigrationSource.load(directory: RepositoryPaths.migrations)
            let gate = SchemaGate(migrator: Migrator(database: pool, migrations: migrations), timeout: .seconds(5))
            try await pool.whileRunning { () async -> Void in
                await #expect(throws: MigrationError.self) { try await gate.check(logger: silentLogger) }
            }
            let servingPool = database.pool()  // a PostgresClient runs once; this one runs in the app
            let router = buildRouter(configuration: APIConfiguration(), metrics: NOOPMetricsHandler.instance) {
                routes in
                HealthController(
                    migrator: Migrator(database: servingPool, migrations: migrations),
                    timeout: .seconds(5)
                )
                .addRoutes(to: routes)
            }
            try await Application(router: router, services: [servingPool], logger: silentLogger).test(.router) {
                client in
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .serviceUnavailable)
                #expect(try DecodedEnvelope(ready).error.code == "schema_mismatch")
            }
        }
    }

    @Test("bad configuration fails before anything listens, naming the key")
    func badConfiguration() async throws {
        try await TestDatabase.withMigrated { database in
            for (key, value) in [
                ("http.port", "99999"), ("http.maxBodySize", "lots"), ("database.url", "mysql://x@y/z"),
                ("database.poolSize", "0"), ("database.minConnections", "21"),
            ] {
                let reader = TestConfiguration.reader(database: database, overrides: [key: value])
                do {
                    _ = try await buildApplication(reader: reader, logger: silentLogger)
                    Issue.record("accepted \(key)=\(value)")
                } catch let error as ConfigurationError {
                    #expect(error.key == key)
                }
            }
        }
    }
}

let silentLogger = Logger(label: "sigilo.test", factory: { _ in SwiftLogNoOpLogHandler() })

@Suite("Readiness when PostgreSQL answers with an error")
struct ReadinessDatabaseErrorTests {
    @Test("a reachable database that refuses the check answers 503 database_error with its SQLSTATE")
    func refusedCheck() async throws {
        try await TestDatabase.withEmpty { database in
            // A migration set without the baseline's GRANT: the application role may not read
            // schema_migrations, so PostgreSQL answers 42501 rather than failing to connect.
            let folder = try MigrationFolder(["0001_only.sql": "CREATE TABLE t (x int);"])
            let owner = database.pool(owner: true)
            let migrations = try MigrationSource.load(directory: folder.path)
            _ = try await owner.whileRunning {
                try await Migrator(database: owner, migrations: migrations).migrate(logger: silentLogger)
            }
            let reader = TestConfiguration.reader(
                database: database,
                overrides: ["database.migrationsDirectory": folder.path]
            )
            let app = try await buildApplication(reader: reader, logger: silentLogger)
            try await app.test(.router) { client in
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .serviceUnavailable)
                let envelope = try DecodedEnvelope(ready)
                #expect(envelope.error.code == "database_error")
                #expect(envelope.error.message.contains("42501"))
            }
        }
    }
}
