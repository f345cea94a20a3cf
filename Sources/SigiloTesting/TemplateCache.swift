import Logging
import Metrics
import SigiloStore

/// Builds the migrated template database once per test process (and once per migration set
/// across processes, under an advisory lock).
actor TemplateCache {
    static let shared = TemplateCache()
    /// "SIGILO" then 2: distinct from the migrator's lock key.
    private static let lockKey: Int64 = 0x5349_4749_4C4F_0002
    private var building: Task<String, any Error>?

    /// The template's name, building it first if needed.
    func templateName() async throws -> String {
        if let building { return try await building.value }
        let task = Task { try await Self.build() }
        building = task
        return try await task.value
    }

    private static func build() async throws -> String {
        let migrations = try MigrationSource.load(directory: RepositoryPaths.migrations)
        let name = "sigilo_tpl_" + fingerprint(of: migrations)
        try await TestDatabase.administer { admin in
            try await admin.withLock(lockKey) {
                guard try await !admin.exists(name) else { return }
                for stale in try await admin.databases(withPrefix: "sigilo_tpl_") where stale != name {
                    try await admin.drop(stale)
                }
                let staging = name + "_build"
                try await admin.drop(staging)
                try await admin.create(staging)
                let pool = Database(
                    url: try TestEnvironment.ownerURL().with(database: staging),
                    maximumConnections: 1,
                    connectTimeout: .seconds(5),
                    pool: "owner",
                    metricsFactory: NOOPMetricsHandler.instance,
                    logger: Logger(label: "sigilo.test.template", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                let silent = Logger(label: "sigilo.test.template", factory: { _ in SwiftLogNoOpLogHandler() })
                _ = try await pool.whileRunning {
                    try await Migrator(database: pool, migrations: migrations).migrate(logger: silent)
                }
                try await admin.rename(staging, to: name)
            }
        }
        return name
    }

    /// FNV-1a over the migrations' names and checksums: a new or changed file, a new template.
    private static func fingerprint(of migrations: [Migration]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in migrations.map({ $0.name + ":" + $0.checksum }).joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
