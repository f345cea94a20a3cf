/// When and how long to wait before trying a failed call again.
///
/// A wait the provider asked for (``RetryHint``) wins; otherwise exponential backoff with
/// full jitter (a random wait between zero and `base·2^attempt`), so many clients that failed
/// together do not retry together. Every wait is capped at ``maximumDelay``. The randomness
/// and the sleep are injectable so tests neither wait nor guess.
package struct RetryPolicy: Sendable {
    /// The first backoff's upper bound.
    package var baseDelay: Duration
    /// No single wait is longer.
    package var maximumDelay: Duration
    /// Picks a number in `0...upperBound` (seconds); `Double.random` by default.
    package var jitter: @Sendable (Double) -> Double
    /// Waits; `Task.sleep` by default (tests record the duration and return at once).
    package var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a policy.
    /// - Parameters:
    ///   - baseDelay: The first backoff's upper bound (0.5 s).
    ///   - maximumDelay: The cap on any wait (20 s), also on waits the provider asked for.
    ///   - jitter: Picks the backoff within its bound.
    ///   - sleep: Performs a wait.
    package init(
        baseDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(20),
        jitter: @escaping @Sendable (Double) -> Double = { Double.random(in: 0...max($0, 0)) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.jitter = jitter
        self.sleep = sleep
    }

    /// The wait before retry number `attempt` (0 for the first retry).
    /// - Parameters:
    ///   - attempt: How many retries came before this one.
    ///   - hint: The wait the provider asked for, if any.
    /// - Returns: The hint, or a jittered backoff, never above ``maximumDelay``.
    package func delay(attempt: Int, hint: Duration?) -> Duration {
        if let hint { return min(max(hint, .zero), maximumDelay) }
        let bound = min(baseDelay.seconds * Double(1 << min(attempt, 20)), maximumDelay.seconds)
        let chosen = min(max(jitter(bound), 0), bound)
        return .milliseconds(Int64((chosen * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
