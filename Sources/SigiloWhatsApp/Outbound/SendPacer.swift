import Synchronization

/// Spaces this instance's sends on each number evenly, at most `perSecond` a second: the
/// outbox's claims keep all instances under a number's cap, and pacing keeps the moment a send
/// reaches Meta from bunching up, whatever the delays between claiming and sending.
final class SendPacer: Sendable {
    private let next = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Waits for this send's turn on `number`.
    func wait(number: String, perSecond: Int) async throws {
        // A tenth over 1/rate: what Meta counts is when sends arrive, and scheduling delays
        // (a busy core, a slow claim) can bunch sends that left evenly spaced; the headroom
        // keeps any one second under the cap all the same.
        let interval = Duration.seconds(1.1 / Double(max(perSecond, 1)))
        let now = ContinuousClock.now
        let slot = next.withLock { slots -> ContinuousClock.Instant in
            let slot = max(now, slots[number] ?? now)
            slots[number] = slot + interval
            return slot
        }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
