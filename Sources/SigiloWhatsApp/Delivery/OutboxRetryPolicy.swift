/// How long the outbox waits before trying a failed send again, and how often it tries
/// (reference §6): exponential backoff with full jitter, floored per kind of failure.
///
/// The wait after attempt *n* is `floor(kind, n) + U(0, min(maximumDelay, baseDelay·2ⁿ⁻¹))`,
/// at most ``maximumDelay``, where the floor is 0 for transient faults, ``throughputMinimum``
/// for the throughput cap (130429: a second or two), ``appRateLimitMinimum``·2ⁿ⁻¹ for the API
/// call rate (4, 80007: tens of seconds, then minutes) and 4ⁿ⁻¹ seconds for the pair rate
/// (131056: 1, 4, 16, 64, 256 s). A `Retry-After` from Meta replaces the computed wait (up to
/// ``maximumRetryAfter``), with up to ``baseDelay`` of jitter so a queue does not return at
/// once.
package struct OutboxRetryPolicy: Sendable, Equatable {
    /// The backoff unit: the jitter range after the first attempt.
    package var baseDelay: Duration
    /// The longest computed wait.
    package var maximumDelay: Duration
    /// How many attempts a message gets, the first included.
    package var maximumAttempts: Int
    /// The least wait after hitting the throughput cap.
    package var throughputMinimum: Duration
    /// The least wait after the first hit of the API call rate; doubles each attempt.
    package var appRateLimitMinimum: Duration
    /// The longest `Retry-After` honoured as given.
    package var maximumRetryAfter: Duration

    /// Creates a policy; the defaults are Sigilo's.
    /// - Parameters:
    ///   - baseDelay: The backoff unit (1 s).
    ///   - maximumDelay: The longest computed wait (5 min).
    ///   - maximumAttempts: Attempts per message, the first included (8).
    ///   - throughputMinimum: The least wait after 130429 (1 s).
    ///   - appRateLimitMinimum: The least wait after a first 4 or 80007 (30 s).
    ///   - maximumRetryAfter: The longest `Retry-After` honoured (1 h).
    package init(
        baseDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(300),
        maximumAttempts: Int = 8,
        throughputMinimum: Duration = .seconds(1),
        appRateLimitMinimum: Duration = .seconds(30),
        maximumRetryAfter: Duration = .seconds(3600)
    ) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.throughputMinimum = throughputMinimum
        self.appRateLimitMinimum = appRateLimitMinimum
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// Sigilo's policy: 1 s base, 5 min cap, 8 attempts.
    package static let standard = OutboxRetryPolicy()

    /// The wait after attempt `attempt` failed for `kind`.
    /// - Parameters:
    ///   - attempt: The failed attempt's number, from 1.
    ///   - kind: Why it failed.
    ///   - retryAfter: Meta's `Retry-After`, if the answer had one.
    ///   - unit: A random number in `0..<1`, the jitter.
    /// - Returns: How long to wait before the next attempt.
    package func delay(after attempt: Int, kind: RetryKind, retryAfter: Duration?, unit: Double) -> Duration {
        let unit = min(max(unit, 0), 1)
        if let retryAfter {
            return min(max(retryAfter, .zero), maximumRetryAfter) + baseDelay * unit
        }
        let exponent = Double(max(attempt, 1) - 1)
        let cap = seconds(maximumDelay)
        let ceiling = min(cap, seconds(baseDelay) * pow2(exponent))
        let floor: Double =
            switch kind {
            case .transient: 0
            case .throughput: seconds(throughputMinimum)
            case .appRateLimit: min(cap, seconds(appRateLimitMinimum) * pow2(exponent))
            case .pairRate: min(cap, pow2(2 * exponent))
            }
        return .seconds(min(cap, floor + ceiling * unit))
    }

    private func seconds(_ duration: Duration) -> Double {
        duration / .seconds(1)
    }

    /// 2^exponent, without overflow for large attempt numbers.
    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        var remaining = min(exponent, 64)
        while remaining >= 1 {
            result *= 2
            remaining -= 1
        }
        return result
    }
}
