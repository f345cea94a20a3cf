import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// Readiness follows a real PostgreSQL going away and coming back. The test runs its own
/// cluster (scripts/pg-local.sh, the script `make` uses) so stopping it cannot disturb the
/// other tests running in parallel.
@Suite("Readiness across a database restart")
struct ReadinessRestartTests {
    @Test("ready, then 503 while PostgreSQL is stopped, then ready again once it is back")
    func followsRestart() async throws {
        let cluster = try LocalCluster()
        defer { _ = try? cluster.run("destroy") }
        try cluster.run("start")
        let environment = try cluster.environment()
        let owner = try DatabaseURL(parsing: try #require(environment["DATABASE_OWNER_URL"]), key: "owner")
        let application = try DatabaseURL(parsing: try #require(environment["DATABASE_URL"]), key: "app")

        let migrations = try MigrationSource.load(directory: RepositoryPaths.migrations)
        let ownerPool = Database(
            url: owner,
            maximumConnections: 1,
            connectTimeout: .seconds(5),
            pool: "owner",
            metricsFactory: NOOPMetricsHandler.instance,
            logger: silentLogger
        )
        _ = try await ownerPool.whileRunning {
            try await Migrator(database: ownerPool, migrations: migrations).migrate(logger: silentLogger)
        }

        let reader = TestConfiguration.reader([
            "database.url": application.connectionString,
            "database.migrationsDirectory": RepositoryPaths.migrations,
            "http.readinessTimeout": "1s",
        ])
        let app = try await buildApplication(reader: reader, logger: silentLogger)
        try await app.test(.router) { client in
            // With a 1 s readiness timeout, the first checks (new connections, on a machine busy
            // with every other test) may time out: wait for ready, as a load balancer would.
            #expect(try await Self.becomesReady(client), "never ready with PostgreSQL up")

            try cluster.run("stop")
            let down = try await client.execute(uri: "/readyz", method: .get)
            #expect(down.status == .serviceUnavailable)
            #expect(try DecodedEnvelope(down).error.code == "database_unavailable")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)

            try cluster.run("start")
            #expect(
                try await Self.becomesReady(client),
                "readiness did not recover within 30 s of PostgreSQL restarting"
            )
        }
    }

    /// Whether `/readyz` answers 200 within 30 s, asking every half second.
    static func becomesReady(_ client: some TestClientProtocol) async throws -> Bool {
        for _ in 0..<60 {
            if try await client.execute(uri: "/readyz", method: .get).status == .ok { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }
}

/// A throwaway cluster in a temporary folder on a free port, driven by scripts/pg-local.sh.
struct LocalCluster {
    let directory: String
    let port: Int

    init() throws {
        directory = NSTemporaryDirectory() + "sigilo-pg-" + UUID().uuidString.prefix(8).lowercased()
        port = try FreePort.find()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // As root the cluster runs as another user, which must reach the folder.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
    }

    /// Runs `pg-local.sh command` for this cluster and returns what it printed.
    ///
    /// Spawned with posix_spawn and reaped with waitpid: Foundation's Process did not notice
    /// the script's exit here once the postmaster it starts had inherited descriptors.
    @discardableResult
    func run(_ command: String) throws -> String {
        let outputPath = directory + "-\(command).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var environment = ProcessInfo.processInfo.environment
        environment["SIGILO_PG_DIR"] = directory
        environment["SIGILO_PG_PORT"] = String(port)
        environment["SIGILO_PG_DATABASE"] = "sigilo"
        environment["SIGILO_PG_FAST"] = "1"
        let arguments = [
            "/bin/sh", "-c", #"exec "$0" "$1" > "$2" < /dev/null"#, RepositoryPaths.scripts + "/pg-local.sh", command,
            outputPath,
        ]
        let status = try Self.spawnAndWait(arguments, environment: environment.map { "\($0.key)=\($0.value)" })
        guard status == 0 else { throw TestSetupError(message: "pg-local.sh \(command) exited \(status)") }
        return String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
    }

    private static func spawnAndWait(_ arguments: [String], environment: [String]) throws -> Int32 {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, envp) == 0 else {
            throw TestSetupError(message: "cannot start \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// The `export NAME='value'` lines of `pg-local.sh env`, as a dictionary.
    func environment() throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try run("env").split(separator: "\n") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
                .trimmingCharacters(in: ["'"])
        }
        return values
    }
}

/// Finds a TCP port nobody listens on, by binding port 0 and reading what the kernel chose.
enum FreePort {
    static func find() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSetupError(message: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0 else { throw TestSetupError(message: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw TestSetupError(message: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
