/// Why migrations cannot run, or why the server refuses to start on this schema.
///
/// Messages name files and versions (ours, never user data) and, for a failed statement,
/// its line and SQLSTATE; never the SQL text or PostgreSQL's DETAIL, which can hold values.
package struct MigrationError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Code: String, Sendable {
        case directoryUnreadable = "migrations_unreadable"
        case badFileName = "migration_bad_file_name"
        case duplicateVersion = "migration_duplicate_version"
        case notUTF8 = "migration_not_utf8"
        case transactionControl = "migration_transaction_control"
        case checksumMismatch = "migration_checksum_mismatch"
        case unknownApplied = "migration_unknown_applied"
        case statementFailed = "migration_statement_failed"
    }

    /// The stable snake_case code.
    package let code: Code
    /// The file (or folder) concerned.
    package let file: String
    /// The line where the failing statement starts, when there is one.
    package let line: Int?
    /// The SQLSTATE PostgreSQL answered, when a statement failed.
    package let sqlState: String?

    package init(_ code: Code, file: String, line: Int? = nil, sqlState: String? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.sqlState = sqlState
    }

    package var description: String {
        switch code {
        case .directoryUnreadable:
            return "cannot read migrations from \(file) (set DATABASE_MIGRATIONS_DIRECTORY)"
        case .badFileName:
            return "migration file \(file) must be named NNNN_lower_snake_case.sql"
        case .duplicateVersion:
            return "migration file \(file) repeats the version of another file"
        case .notUTF8:
            return "migration \(file) is not valid UTF-8"
        case .transactionControl:
            return "migration \(file) line \(line ?? 0) controls the transaction; each file already runs in one"
        case .checksumMismatch:
            return "migration \(file) was changed after it was applied; applied migrations are immutable, add a new one"
        case .unknownApplied:
            return
                "the database has migration \(file) applied, which this build does not have: the migration histories diverged"
        case .statementFailed:
            return
                "migration \(file) failed at the statement starting on line \(line ?? 0) (SQLSTATE \(sqlState ?? "unknown")); nothing of it was applied"
        }
    }
}
