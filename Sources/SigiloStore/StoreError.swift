import PostgresNIO

/// The store's own errors, plus facts about database errors that are safe to log.
///
/// PostgresNIO's `PSQLError` keeps its description generic on purpose, so that row values in
/// PostgreSQL's DETAIL never reach a log; callers log the SQLSTATE alone.
package struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// A unique constraint refused the row (the thing already exists).
        case conflict
        /// A row the operation needed is missing.
        case notFound = "not_found"
        /// A referenced row does not exist (foreign key).
        case missingReference = "missing_reference"
    }

    package let code: Code

    package init(_ code: Code) {
        self.code = code
    }

    package var description: String { "store error: \(code.rawValue)" }

    /// The SQLSTATE of a server error (`23505`, `42P01`, …), or nil for other errors.
    package static func sqlState(of error: any Error) -> String? {
        if let migration = error as? MigrationError { return migration.sqlState }
        guard let psql = error as? PSQLError else { return nil }
        return psql.serverInfo?[.sqlState]
    }

    /// Runs `body`, turning unique (23505) and foreign-key (23503) violations into ``StoreError``.
    static func mappingConstraints<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch {
            switch sqlState(of: error) {
            case "23505": throw StoreError(.conflict)
            case "23503": throw StoreError(.missingReference)
            default: throw error
            }
        }
    }
}
