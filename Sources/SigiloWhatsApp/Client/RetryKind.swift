/// Why a failed send may be tried again, which sets how long to wait (reference §6).
package enum RetryKind: String, Sendable, Equatable, CaseIterable {
    /// The number's messages-per-second cap (130429): wait a second or two, with jitter.
    case throughput
    /// The app's or the WABA's API call rate (4, 80007): wait tens of seconds, then minutes.
    case appRateLimit
    /// Too many messages to the same recipient too fast (131056): wait 1, 4, 16, 64… seconds.
    case pairRate
    /// A fault on Meta's side or on the way (1, 2, 131000, 131016, HTTP 5xx, lost
    /// connections): exponential backoff with jitter.
    case transient

    /// The stable code: `throughput_limited`, `rate_limited`, `pair_rate_limited` or
    /// `temporarily_unavailable`.
    package var code: String {
        switch self {
        case .throughput: "throughput_limited"
        case .appRateLimit: "rate_limited"
        case .pairRate: "pair_rate_limited"
        case .transient: "temporarily_unavailable"
        }
    }
}
