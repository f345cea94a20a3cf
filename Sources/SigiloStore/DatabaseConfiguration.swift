/// How SigiloStore reaches PostgreSQL, as two roles (shared/DESIGN.md):
/// the application role that serves requests, and the owner role that runs migrations.
///
/// The application role owns nothing, so later migrations can REVOKE from it and row-level
/// security applies to it; only `sigilo migrate` connects as the owner.
package struct DatabaseConfiguration: Sendable {
    /// The role that serves requests.
    package var applicationURL: DatabaseURL
    /// The role that owns the schema and applies migrations.
    package var ownerURL: DatabaseURL
    /// The most connections the server's pool opens.
    package var maximumConnections: Int
    /// Connections the pool keeps open even when idle, so a burst does not wait for new ones.
    package var minimumConnections: Int
    /// How long to wait for a new connection before giving up.
    package var connectTimeout: Duration
    /// The folder holding `NNNN_name.sql` migration files.
    package var migrationsDirectory: String

    /// Creates a configuration; see `DatabaseConfiguration+ConfigReader.swift` for the keys.
    package init(
        applicationURL: DatabaseURL,
        ownerURL: DatabaseURL,
        maximumConnections: Int = 20,
        minimumConnections: Int = 0,
        connectTimeout: Duration = .seconds(5),
        migrationsDirectory: String = "migrations"
    ) {
        self.applicationURL = applicationURL
        self.ownerURL = ownerURL
        self.maximumConnections = maximumConnections
        self.minimumConnections = min(minimumConnections, maximumConnections)
        self.connectTimeout = connectTimeout
        self.migrationsDirectory = migrationsDirectory
    }
}
