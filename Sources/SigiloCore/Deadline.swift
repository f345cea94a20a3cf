/// Runs work that must finish within a time limit, such as a readiness probe that must not
/// hang when PostgreSQL stops answering.
public enum Deadline {
    /// The work did not finish in time; it has been cancelled.
    public struct Exceeded: Error, Sendable, Equatable {
        /// The limit that passed.
        public let limit: Duration
    }

    /// Runs `work`, cancelling it and throwing ``Exceeded`` if it has not finished after `limit`.
    /// - Parameters:
    ///   - limit: How long `work` may take.
    ///   - work: The operation; it must honour task cancellation to stop promptly.
    public static func run<Result: Sendable>(
        within limit: Duration,
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw Exceeded(limit: limit)
            }
            return result
        }
    }
}
