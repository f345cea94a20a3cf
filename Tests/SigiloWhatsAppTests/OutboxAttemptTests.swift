import Foundation
import SigiloWhatsApp
import Testing

/// Transcripts of one outbox message's lifecycle: each line an attempt's outcome and the
/// action that must follow.
@Suite("Outbox attempt state machine")
struct OutboxAttemptTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    static func graph(_ code: Int, status: Int = 400, retryAfter: Duration? = nil) -> OutboxAttempt.Outcome {
        .failed(.graph(GraphError(code: code), httpStatus: status, retryAfter: retryAfter))
    }

    /// The wait a `.retry` action asks for, in seconds from `now`.
    func delay(_ action: OutboxAttempt.Action) -> TimeInterval? {
        guard case .retry(let at, _) = action else { return nil }
        return at.timeIntervalSince(now)
    }

    @Test("accepted: the wamid is stored, and asking again changes nothing")
    func accepted() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        let receipt = SendReceipt(messageID: "wamid.A", input: "5511987654321", waID: "551187654321")
        #expect(machine.record(.accepted(receipt), now: now, random: &random) == .markSent(messageID: "wamid.A"))
        #expect(machine.state == .sent(messageID: "wamid.A"))
        #expect(machine.attempt == nil)
        #expect(machine.record(Self.graph(131_000), now: now, random: &random) == .markSent(messageID: "wamid.A"))
    }

    @Test("130429 throughput: retried after 1–2 s, then longer, within the cap, until attempts run out")
    func throughput() throws {
        var machine = OutboxAttempt()
        var random = SplitMix64(seed: 7)
        var ceilings: [TimeInterval] = []
        for attempt in 1..<8 {
            #expect(machine.attempt == attempt)
            let action = machine.record(Self.graph(130_429, status: 429), now: now, random: &random)
            let wait = try #require(delay(action))
            guard case .retry(_, let reason) = action else { return }
            #expect(reason == .throughput)
            let ceiling = 1 + pow(2, Double(attempt - 1))
            #expect(wait >= 1 && wait <= min(ceiling, 300))
            ceilings.append(ceiling)
        }
        #expect(ceilings.first == 2)
        #expect(
            machine.record(Self.graph(130_429, status: 429), now: now, random: &random)
                == .fail(.retryable(.throughput))
        )
        #expect(machine.state == .failed(.retryable(.throughput)))
    }

    @Test("the waits grow: with the same random draw, each is longer than the one before")
    func growing() {
        var machine = OutboxAttempt()
        var random = FixedRandom.top
        var waits: [TimeInterval] = []
        for _ in 1..<8 {
            waits += delay(machine.record(.failed(.httpStatus(429)), now: now, random: &random)).map { [$0] } ?? []
        }
        #expect(waits.count == 7)
        #expect(zip(waits, waits.dropFirst()).allSatisfy { $0 < $1 || $1 == 300 })
        #expect(waits.allSatisfy { $0 >= 30 && $0 <= 300 })
    }

    @Test("4 / 80007 app rate limit: 30 s, 60 s, 120 s, 240 s, then the 5-minute cap")
    func appRateLimit() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        var waits: [TimeInterval?] = []
        for code in [4, 80007, 4, 4, 4] {
            waits.append(delay(machine.record(Self.graph(code), now: now, random: &random)))
        }
        #expect(waits == [30, 60, 120, 240, 300])
    }

    @Test("131056 pair rate: 1, 4, 16, 64, 256 s, then the cap")
    func pairRate() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        var waits: [TimeInterval?] = []
        for _ in 1...6 {
            waits.append(delay(machine.record(Self.graph(131_056), now: now, random: &random)))
        }
        #expect(waits == [1, 4, 16, 64, 256, 300])
    }

    @Test("Retry-After is honoured as given, plus at most a second of jitter")
    func retryAfter() throws {
        var machine = OutboxAttempt()
        var random = FixedRandom.top
        let action = machine.record(Self.graph(4, status: 429, retryAfter: .seconds(120)), now: now, random: &random)
        let wait = try #require(delay(action))
        #expect(wait >= 120 && wait <= 121)
    }

    @Test("HTTP 5xx, with or without Meta's error object, is retried as transient")
    func serverErrors() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        #expect(
            machine.record(.failed(.httpStatus(503)), now: now, random: &random) == .retry(at: now, reason: .transient)
        )
        #expect(machine.state == .scheduled(attempt: 2, at: now))
        #expect(
            machine.record(Self.graph(131_000, status: 500), now: now, random: &random)
                == .retry(at: now, reason: .transient)
        )
        #expect(machine.attempt == 3)
    }

    @Test("190: the channel pauses until the token is replaced; the message keeps its attempt")
    func tokenExpired() {
        var machine = OutboxAttempt(attempt: 3)
        var random = FixedRandom.bottom
        #expect(
            machine.record(Self.graph(190, status: 401), now: now, random: &random)
                == .pauseChannel(until: nil, reason: .tokenExpired)
        )
        #expect(machine.state == .paused(attempt: 3))
        // After an operator replaces the token, the same attempt goes out and succeeds.
        let receipt = SendReceipt(messageID: "wamid.B")
        #expect(machine.record(.accepted(receipt), now: now, random: &random) == .markSent(messageID: "wamid.B"))
    }

    @Test("131026: fails for good as an invalid number, no retry")
    func invalidNumber() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        #expect(machine.record(Self.graph(131_026), now: now, random: &random) == .fail(.invalidNumber))
        #expect(machine.state == .failed(.invalidNumber))
        #expect(machine.record(.failed(.httpStatus(503)), now: now, random: &random) == .fail(.invalidNumber))
    }

    @Test("131047 and 131050 fail at once with their own codes")
    func windowAndOptOut() {
        var window = OutboxAttempt()
        var optOut = OutboxAttempt()
        var random = FixedRandom.bottom
        #expect(window.record(Self.graph(131_047), now: now, random: &random) == .fail(.windowClosed))
        #expect(optOut.record(Self.graph(131_050), now: now, random: &random) == .fail(.marketingOptOut))
    }

    @Test("a timeout after the request was sent is uncertain: never resent automatically")
    func timeoutAfterSend() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        #expect(machine.record(.failed(.timeout), now: now, random: &random) == .uncertain)
        #expect(machine.state == .uncertain)
        #expect(machine.record(.failed(.timeout), now: now, random: &random) == .uncertain)
    }

    @Test("a connection lost mid-request and a malformed 2xx are uncertain too")
    func lostMidRequest() {
        var lost = OutboxAttempt()
        var malformed = OutboxAttempt()
        var random = FixedRandom.bottom
        #expect(lost.record(.failed(.transport(requestMayHaveBeenSent: true)), now: now, random: &random) == .uncertain)
        #expect(malformed.record(.failed(.malformedResponse), now: now, random: &random) == .uncertain)
    }

    @Test("connection refused before anything was sent: retried, as a resend cannot double-send")
    func refusedBeforeSend() {
        var machine = OutboxAttempt()
        var random = FixedRandom.top
        let action = machine.record(.failed(.transport(requestMayHaveBeenSent: false)), now: now, random: &random)
        guard case .retry(_, let reason) = action else {
            Issue.record("expected a retry, got \(action)")
            return
        }
        #expect(reason == .transient)
        #expect((delay(action) ?? -1) >= 0 && (delay(action) ?? 2) <= 1)
    }

    @Test("attempts exhausted: the last transient failure fails the message with its reason")
    func exhausted() {
        var machine = OutboxAttempt(policy: OutboxRetryPolicy(maximumAttempts: 3))
        var random = FixedRandom.bottom
        #expect(
            machine.record(.failed(.httpStatus(502)), now: now, random: &random) == .retry(at: now, reason: .transient)
        )
        #expect(
            machine.record(.failed(.httpStatus(502)), now: now, random: &random) == .retry(at: now, reason: .transient)
        )
        #expect(machine.record(.failed(.httpStatus(502)), now: now, random: &random) == .fail(.retryable(.transient)))
    }

    @Test("resumed from a stored row at the last attempt, a transient failure is final")
    func resumedAtLastAttempt() {
        var machine = OutboxAttempt(attempt: 8)
        var random = FixedRandom.bottom
        #expect(machine.record(Self.graph(2, status: 500), now: now, random: &random) == .fail(.retryable(.transient)))
    }

    @Test("a message refused by validation fails as an invalid request")
    func invalidMessage() {
        var machine = OutboxAttempt()
        var random = FixedRandom.bottom
        let outcome = OutboxAttempt.Outcome.failed(.invalidMessage(field: "text.body", reason: "1 to 4096 characters"))
        #expect(machine.record(outcome, now: now, random: &random) == .fail(.invalidRequest))
    }

    @Test("the policy never waits longer than its cap, whatever the attempt and kind")
    func capped() {
        let policy = OutboxRetryPolicy.standard
        for kind in RetryKind.allCases {
            for attempt in [1, 5, 10, 70, 1000] {
                let wait = policy.delay(after: attempt, kind: kind, retryAfter: nil, unit: 0.999)
                #expect(wait >= .zero && wait <= .seconds(300))
            }
        }
        #expect(policy.delay(after: 1, kind: .transient, retryAfter: .seconds(86_400), unit: 0) == .seconds(3600))
    }
}

/// A generator that always returns the same number: `bottom` makes the jitter 0, `top` nearly
/// its whole range.
struct FixedRandom: RandomNumberGenerator {
    var value: UInt64
    static let bottom = FixedRandom(value: 0)
    static let top = FixedRandom(value: .max)

    mutating func next() -> UInt64 { value }
}

/// A small seeded generator (SplitMix64), for repeatable random transcripts.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
