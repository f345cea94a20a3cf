package import Configuration
import SigiloCore

extension DatabaseConfiguration {
    /// Reads the database configuration.
    ///
    /// | key | env | type | default | secret |
    /// |---|---|---|---|---|
    /// | `database.url` | `DATABASE_URL` | postgres URL, application role | required | yes |
    /// | `database.ownerUrl` | `DATABASE_OWNER_URL` | postgres URL, owner role | `database.url` | yes |
    /// | `database.poolSize` | `DATABASE_POOL_SIZE` | integer 1…500 | 20 | no |
    /// | `database.minConnections` | `DATABASE_MIN_CONNECTIONS` | integer 0…`database.poolSize` | 0 | no |
    /// | `database.connectTimeout` | `DATABASE_CONNECT_TIMEOUT` | duration 100ms…120s | 5s | no |
    /// | `database.migrationsDirectory` | `DATABASE_MIGRATIONS_DIRECTORY` | path | `migrations` | no |
    ///
    /// - Parameter reader: The configuration reader (environment, flags, or in-memory in tests).
    /// - Throws: ``ConfigurationError`` for a missing or malformed value.
    package init(reader: ConfigReader) throws {
        guard let application = reader.string(forKey: "database.url", isSecret: true), !application.isEmpty else {
            throw ConfigurationError(key: "database.url", expectation: "set (the application role's postgres URL)")
        }
        let applicationURL = try DatabaseURL(parsing: application, key: "database.url")
        let ownerURL =
            try reader.string(forKey: "database.ownerUrl", isSecret: true)
            .flatMap { $0.isEmpty ? nil : $0 }
            .map { try DatabaseURL(parsing: $0, key: "database.ownerUrl") } ?? applicationURL
        let poolSize = try reader.string(forKey: "database.poolSize").map {
            try ConfigurationValue.integer($0, key: "database.poolSize", in: 1...500)
        }
        let minimum = try reader.string(forKey: "database.minConnections").map {
            try ConfigurationValue.integer($0, key: "database.minConnections", in: 0...(poolSize ?? 20))
        }
        let connectTimeout = try reader.string(forKey: "database.connectTimeout").map {
            try ConfigurationValue.duration(
                $0,
                key: "database.connectTimeout",
                in: .milliseconds(100) ... .seconds(120)
            )
        }
        self.init(
            applicationURL: applicationURL,
            ownerURL: ownerURL,
            maximumConnections: poolSize ?? 20,
            minimumConnections: minimum ?? 0,
            connectTimeout: connectTimeout ?? .seconds(5),
            migrationsDirectory: reader.string(forKey: "database.migrationsDirectory", default: "migrations")
        )
    }
}
