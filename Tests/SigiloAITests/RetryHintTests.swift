import Foundation
import SigiloAI
import Testing

/// How long a provider asked to wait, from its headers; and the backoff without a hint.
@Suite("Retry hints and backoff")
struct RetryHintTests {
    @Test(
        "Go-style durations",
        arguments: [("12ms", 12), ("41.7s", 41_700), ("1m30s", 90_000), ("2h", 7_200_000), ("0s", 0)]
    )
    func durations(_ text: String, _ milliseconds: Int64) {
        #expect(RetryHint.duration(text) == .milliseconds(milliseconds))
    }

    @Test("malformed durations are no hint")
    func malformed() {
        #expect(RetryHint.duration("soon") == nil)
        #expect(RetryHint.duration("") == nil)
        #expect(RetryHint.duration("5 parsecs") == nil)
    }

    @Test("Retry-After in seconds or as an HTTP date; retry-after-ms first")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 784_111_767)  // Sun, 06 Nov 1994 08:49:27 GMT
        #expect(RetryHint.retryAfter("120") == .seconds(120))
        #expect(RetryHint.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(10))
        #expect(RetryHint.retryAfter("yesterday") == nil)
        let headers = ["retry-after-ms": "250", "retry-after": "9"]
        #expect(RetryHint.wait(from: { headers[$0] }) == .milliseconds(250))
    }

    @Test("the exhausted limit's reset wins; else the longer one")
    func resets() {
        var headers = [
            "x-ratelimit-reset-requests": "12ms", "x-ratelimit-reset-tokens": "6m0s",
            "x-ratelimit-remaining-requests": "0", "x-ratelimit-remaining-tokens": "5000",
        ]
        #expect(RetryHint.wait(from: { headers[$0] }) == .milliseconds(12))
        headers["x-ratelimit-remaining-requests"] = "3"
        #expect(RetryHint.wait(from: { headers[$0] }) == .seconds(360))
        #expect(RetryHint.wait(from: { _ in nil }) == nil)
    }

    @Test("backoff: full jitter under base·2^attempt, capped; hints capped too")
    func backoff() {
        let policy = RetryPolicy(baseDelay: .milliseconds(500), maximumDelay: .seconds(4), jitter: { $0 })
        #expect(policy.delay(attempt: 0, hint: nil) == .milliseconds(500))
        #expect(policy.delay(attempt: 2, hint: nil) == .seconds(2))
        #expect(policy.delay(attempt: 5, hint: nil) == .seconds(4))
        #expect(policy.delay(attempt: 0, hint: .seconds(30)) == .seconds(4))
        let zero = RetryPolicy(jitter: { _ in 0 })
        #expect(zero.delay(attempt: 3, hint: nil) == .zero)
    }
}
