import PostgresNIO

extension Database {
    /// Runs `sql` and returns the first column of every row as text (NULL as "").
    ///
    /// For tests and diagnostics on fixed SQL only: the text is sent as is, so it must never
    /// contain input. Production code uses repositories with bind parameters.
    package func strings(unsafeSQL sql: String) async throws -> [String] {
        try await withConnection { connection in
            try await Self.firstColumn(of: PostgresQuery(unsafeSQL: sql), on: connection)
        }
    }

    /// The first column of every row as text (NULL as "").
    static func firstColumn(of query: PostgresQuery, on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(query, logger: Self.silentLogger)
        var values: [String] = []
        for try await row in rows {
            let text = try row.first.flatMap { $0.bytes == nil ? nil : try $0.decode(String.self) }
            values.append(text ?? "")
        }
        return values
    }
}
