import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and reads its rows to the end, discarding them.
    ///
    /// A statement that returns rows (`SELECT f(…)`) reports an error raised while it runs
    /// after its row description, that is through the row sequence: dropping the sequence
    /// unread (`_ = try await connection.query(…)`) loses the error and the caller believes
    /// the statement succeeded. Every statement whose rows we do not need goes through here.
    func run(_ query: PostgresQuery) async throws {
        let rows = try await self.query(query, logger: Database.silentLogger)
        for try await _ in rows {}
    }
}
