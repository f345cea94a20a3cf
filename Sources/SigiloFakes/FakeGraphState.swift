import Foundation

/// Everything a fake Graph API remembers, guarded by one `Mutex` in ``FakeGraphAPI``.
struct FakeGraphState {
    var accessToken: String
    var webhookURL: String?
    /// How far the fake clock is ahead of the wall clock (``FakeGraphAPI/advanceClock(by:)``).
    var clockOffset: TimeInterval = 0
    var templates: [FakeGraphAPI.Template] = []
    var media: [String: FakeGraphAPI.Media] = [:]
    /// Download tokens: the media they open and when they stop working (fake clock).
    var lookaside: [String: (mediaID: String, expires: Date)] = [:]
    var sent: [FakeGraphAPI.SentMessage] = []
    var requests: [FakeGraphAPI.RecordedRequest] = []
    var failures: [FakeGraphAPI.InjectedFailure] = []
    /// When each `phone_number_id|wa_id` last wrote in (fake clock): the 24-hour window.
    var lastInbound: [String: Date] = [:]
    /// Accepted sends per phone number (monotonic clock), for throughput and its peak.
    var sendTimes: [String: [ContinuousClock.Instant]] = [:]
    /// Message ids the fake sent or received (mark-as-read must name one).
    var knownMessages: Set<String> = []
    var webhooksDelivered = 0
    var webhooksDropped = 0
    var serial = 0

    init(accessToken: String, webhookURL: String?) {
        self.accessToken = accessToken
        self.webhookURL = webhookURL
    }

    /// The fake clock.
    var now: Date { Date().addingTimeInterval(clockOffset) }

    /// A fresh number for ids.
    mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    /// The first injected failure, counted down.
    mutating func takeFailure() -> FakeGraphAPI.InjectedFailure? {
        guard var failure = failures.first else { return nil }
        failure.count -= 1
        if failure.count <= 0 { failures.removeFirst() } else { failures[0] = failure }
        return failure
    }

    /// Accepted sends of `phoneNumberID` in the second before `instant`.
    func sendsInLastSecond(_ phoneNumberID: String, before instant: ContinuousClock.Instant) -> Int {
        let times = sendTimes[phoneNumberID] ?? []
        var count = 0
        for time in times.reversed() {
            guard instant - time < .seconds(1) else { break }
            count += 1
        }
        return count
    }
}
