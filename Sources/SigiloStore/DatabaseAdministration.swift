import PostgresNIO

/// Creates and drops whole databases, for the test suite (one fresh database per test,
/// cloned from a migrated template) and for operators' tooling.
///
/// Database names are identifiers, which cannot be bind parameters; they are checked
/// against `[a-z_][a-z0-9_]{0,62}` before being written into SQL.
package struct DatabaseAdministration: Sendable {
    private let database: Database

    /// - Parameter database: A pool on a maintenance database (`postgres`) as a role with CREATEDB.
    package init(database: Database) {
        self.database = database
    }

    /// Whether a database called `name` exists.
    package func exists(_ name: String) async throws -> Bool {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT count(*) FROM pg_database WHERE datname = \(name)",
                logger: Database.silentLogger
            )
            for try await count in rows.decode(Int.self) { return count > 0 }
            return false
        }
    }

    /// Creates `name`, owned by the connected role, optionally as a copy of `template`.
    ///
    /// A template must have no open connections while it is copied; a connection that is
    /// still closing makes PostgreSQL answer 55006, so that case is retried briefly.
    package func create(_ name: String, template: String? = nil) async throws {
        var sql = "CREATE DATABASE \(try Self.identifier(name))"
        if let template { sql += " TEMPLATE \(try Self.identifier(template))" }
        try await executeRetryingWhileInUse(sql)
    }

    /// Drops `name` if it exists, disconnecting its sessions first.
    ///
    /// `WITH (FORCE)` terminates the database's other sessions, which the owner may only do for
    /// its own role's backends: a session of the application role whose client already hung
    /// up but whose backend has not exited yet makes PostgreSQL answer 42501. Such a backend
    /// is gone within milliseconds, so that case is retried like 55006.
    package func drop(_ name: String) async throws {
        let sql = "DROP DATABASE IF EXISTS \(try Self.identifier(name)) WITH (FORCE)"
        try await executeRetryingWhileInUse(sql, alsoRetrying: "42501")
    }

    /// Renames a database (used to publish a fully migrated template under its final name).
    package func rename(_ name: String, to newName: String) async throws {
        let sql = "ALTER DATABASE \(try Self.identifier(name)) RENAME TO \(try Self.identifier(newName))"
        try await executeRetryingWhileInUse(sql)
    }

    /// Runs a statement, retrying for up to 5 s while PostgreSQL answers 55006 (object in use)
    /// or `alsoRetrying`.
    private func executeRetryingWhileInUse(_ sql: String, alsoRetrying extraState: String? = nil) async throws {
        for attempt in 1...50 {
            do {
                try await database.withConnection { connection in
                    try await connection.run(PostgresQuery(unsafeSQL: sql))
                }
                return
            } catch  where attempt < 50 && Self.isTransient(StoreError.sqlState(of: error), extra: extraState) {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private static func isTransient(_ state: String?, extra: String?) -> Bool {
        state == "55006" || (state != nil && state == extra)
    }

    /// The names of databases starting with `prefix` (a literal, `_` included).
    package func databases(withPrefix prefix: String) async throws -> [String] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT datname FROM pg_database WHERE left(datname, length(\(prefix))) = \(prefix)",
                logger: Database.silentLogger
            )
            var names: [String] = []
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
    }

    /// Runs `body` while holding a session advisory lock on the maintenance database, so that
    /// several processes building the same template take turns.
    ///
    /// The lock holds one connection for the whole of `body`; the pool needs at least two.
    package func withLock<Result: Sendable>(_ key: Int64, _ body: () async throws -> Result) async throws -> Result {
        try await database.withConnection { connection in
            try await connection.run("SELECT pg_advisory_lock(\(key))")
            do {
                let result = try await body()
                try await connection.run("SELECT pg_advisory_unlock(\(key))")
                return result
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(key))")
                throw error
            }
        }
    }

    static func identifier(_ name: String) throws -> String {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63,
            first == "_" || ("a"..."z").contains(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else { throw DatabaseNameError() }
        return name
    }
}

/// A database name outside `[a-z_][a-z0-9_]{0,62}`.
package struct DatabaseNameError: Error, CustomStringConvertible {
    package var description: String { "database names must match [a-z_][a-z0-9_]{0,62}" }
}
