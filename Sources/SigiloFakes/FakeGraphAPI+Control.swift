package import Foundation
import Synchronization

extension FakeGraphAPI {
    /// Every send accepted so far, in order.
    package func sent() -> [SentMessage] { state.withLock { $0.sent } }

    /// Every HTTP request answered so far, in order.
    package func requests() -> [RecordedRequest] { state.withLock { $0.requests } }

    /// The most sends `phoneNumberID` had accepted within any sliding second: never above
    /// ``Configuration/throughputPerSecond``, so a client's pacing can be checked against it.
    package func peakSendsPerSecond(phoneNumberID: String) -> Int {
        let times = state.withLock { $0.sendTimes[phoneNumberID] ?? [] }
        var peak = 0
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= .seconds(1) { start += 1 }
            peak = max(peak, end - start + 1)
        }
        return peak
    }

    /// Makes the next `failure.count` valid sends fail as described (after the parameter and
    /// template checks, before the rate and allow-list checks).
    package func failNext(_ failure: InjectedFailure) {
        state.withLock { $0.failures.append(failure) }
    }

    /// Replaces the accepted token; the old one then gets error 190 (a rotated or expired token).
    package func setAccessToken(_ token: String) {
        state.withLock { $0.accessToken = token }
    }

    /// Points webhooks elsewhere (nil: send none).
    package func setWebhookURL(_ url: String?) {
        state.withLock { $0.webhookURL = url }
    }

    /// Moves the fake clock forward: the 24-hour window, media URL expiry and timestamps follow it.
    package func advanceClock(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { $0.clockOffset += seconds }
    }

    /// The fake clock's time.
    package func now() -> Date { state.withLock { $0.now } }

    /// Forgets everything but the configuration: sends, requests, failures, windows, media,
    /// templates, clock, token and webhook URL as configured.
    package func reset() {
        state.withLock {
            $0 = FakeGraphState(accessToken: configuration.accessToken, webhookURL: configuration.webhookURL)
        }
    }
}
