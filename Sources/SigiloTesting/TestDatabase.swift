import Logging
import Metrics
package import SigiloStore

/// A database of its own for one test, dropped afterwards, so tests run in parallel and never
/// see each other's rows. At most ``TestDatabaseSlots`` of them exist at once.
///
/// Migrated databases are cloned from a template migrated once per migration set
/// (`sigilo_tpl_<hash of the checksums>`), which takes tens of milliseconds instead of
/// re-running every migration.
package struct TestDatabase: Sendable {
    /// The database's name (`sigilo_test_<random>`).
    package let name: String
    /// The owner role, connected to this database.
    package let ownerURL: DatabaseURL
    /// The application role, connected to this database.
    package let applicationURL: DatabaseURL

    /// Runs `body` with a fresh database holding every migration of `migrations/`.
    package static func withMigrated<Result: Sendable>(
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let template = try await TemplateCache.shared.templateName()
        return try await with(template: template, body)
    }

    /// Runs `body` with a fresh, empty database (for migration tests).
    package static func withEmpty<Result: Sendable>(
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        try await with(template: nil, body)
    }

    /// A pool on this database as the owner (`owner: true`) or the application role.
    /// Run it with ``Database/whileRunning(_:)`` or in a ServiceGroup.
    package func pool(owner: Bool = false, maximumConnections: Int = 4) -> Database {
        Database(
            url: owner ? ownerURL : applicationURL,
            maximumConnections: maximumConnections,
            connectTimeout: .seconds(5),
            pool: owner ? "owner" : "application",
            metricsFactory: NOOPMetricsHandler.instance,
            logger: Logger(label: "sigilo.test.db", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    private static func with<Result: Sendable>(
        template: String?,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        try await TestDatabaseSlots.shared.withSlot { try await withOwn(template: template, body) }
    }

    private static func withOwn<Result: Sendable>(
        template: String?,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let name = "sigilo_test_" + randomSuffix()
        do {
            try await administer { try await $0.create(name, template: template) }
        } catch {
            throw TestSetupError(message: "creating \(name) failed: \(describe(error))")
        }
        let database = TestDatabase(
            name: name,
            ownerURL: try TestEnvironment.ownerURL().with(database: name),
            applicationURL: try TestEnvironment.applicationURL().with(database: name)
        )
        do {
            let result = try await body(database)
            do {
                try await administer { try await $0.drop(name) }
            } catch {
                throw TestSetupError(message: "dropping \(name) failed: \(describe(error))")
            }
            return result
        } catch {
            try? await administer { try await $0.drop(name) }
            throw error
        }
    }

    /// Runs `body` with an administration connection on the cluster's maintenance database.
    static func administer<Result: Sendable>(
        _ body: (DatabaseAdministration) async throws -> Result
    ) async throws -> Result {
        let pool = Database(
            url: try TestEnvironment.ownerURL(),
            maximumConnections: 2,  // one holds the template lock while the other works
            connectTimeout: .seconds(5),
            pool: "admin",
            metricsFactory: NOOPMetricsHandler.instance,
            logger: Logger(label: "sigilo.test.admin", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await pool.whileRunning { try await body(DatabaseAdministration(database: pool)) }
    }

    /// An error's type and SQLSTATE, enough to diagnose set-up failures without row values.
    static func describe(_ error: any Error) -> String {
        if let setup = error as? TestSetupError { return setup.message }
        if let migration = error as? MigrationError { return "\(migration)" }
        return "\(type(of: error)) \(StoreError.sqlState(of: error) ?? "")"
    }

    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        return String(value, radix: 36)
    }
}
