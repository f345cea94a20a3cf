import Foundation

/// Bounds how many test databases are in use at once.
///
/// Swift Testing starts every test together. With a hundred live servers, pools and
/// connections on two cores, PostgreSQL runs out of connection slots and tests starve each
/// other for CPU until their waits time out; a bounded number at a time keeps the load, and
/// the connection count, predictable. `SIGILO_TEST_PARALLEL` sets the bound (default 24).
actor TestDatabaseSlots {
    static let shared = TestDatabaseSlots(
        limit: Int(ProcessInfo.processInfo.environment["SIGILO_TEST_PARALLEL"] ?? "").flatMap { $0 > 0 ? $0 : nil }
            ?? 24
    )

    /// Set while a task holds a slot, so a database opened inside another test's database
    /// (and its child tasks) takes no second slot and cannot wait on itself.
    @TaskLocal static var holding = false

    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` holding a slot, waiting for one first if all are taken.
    nonisolated func withSlot<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        if Self.holding { return try await body() }
        await acquire()
        do {
            let result = try await Self.$holding.withValue(true) { try await body() }
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest waiter, or frees it.
    private func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
