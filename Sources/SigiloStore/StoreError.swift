import PostgresNIO

/// Facts about database errors that are safe to log.
///
/// PostgresNIO's `PSQLError` keeps its description generic on purpose, so that row values in
/// PostgreSQL's DETAIL never reach a log; callers log the SQLSTATE alone.
package enum StoreError {
    /// The SQLSTATE of a server error (`23505`, `42P01`, …), or nil for other errors.
    package static func sqlState(of error: any Error) -> String? {
        if let migration = error as? MigrationError { return migration.sqlState }
        guard let psql = error as? PSQLError else { return nil }
        return psql.serverInfo?[.sqlState]
    }
}
