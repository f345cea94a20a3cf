/// Admits at most `slots` password hashes at once and `queueLimit` waiting; refuses the rest.
///
/// Argon2id at 64 MiB costs that much memory and ~150 ms of one core per call: without a
/// bound, a burst of logins exhausts memory and starves every other request.
actor HashingGate {
    private let slots: Int
    private let queueLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int, queueLimit: Int) {
        self.slots = max(1, slots)
        self.queueLimit = max(0, queueLimit)
    }

    /// Waits for a slot, or throws ``PasswordHasherError/Code/busy`` when the queue is full.
    func enter() async throws {
        if running < slots {
            running += 1
            return
        }
        guard waiting.count < queueLimit else { throw PasswordHasherError(.busy) }
        // The slot is handed over by `leave()`, so `running` is not incremented here.
        await withCheckedContinuation { waiting.append($0) }
    }

    /// How many callers wait for a slot now.
    var waitingCount: Int { waiting.count }

    /// Frees a slot, handing it to the longest waiter if there is one.
    func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
