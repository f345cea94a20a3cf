import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Appends audit events with group commit: concurrent callers' events are gathered, and each
/// tenant's share is written in one transaction (lock the head, chain them, insert, move the
/// head). A caller resumes only once its event is committed, so "respond after the event is
/// durable" holds.
///
/// Run it as a Service. Events submitted while a batch commits form the next batch, so under
/// load a transaction carries many events and throughput grows with concurrency.
package final class AuditAppender: Service, Sendable {
    private struct Pending: Sendable {
        let draft: AuditDraft
        let continuation: CheckedContinuation<AuditReceipt, any Error>
    }

    /// The appender has stopped; nothing was written for this call.
    package struct Stopped: Error, Sendable {}

    private let database: Database
    private let maximumBatch: Int
    private let lanes: Int
    private let queue = Mutex<(pending: [Pending], stopped: Bool)>(([], false))
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - database: The application pool.
    ///   - maximumBatch: The most events one INSERT carries.
    ///   - lanes: Transactions committing at once (each with a connection of the pool).
    package init(database: Database, maximumBatch: Int = 512, lanes: Int = 4) {
        self.database = database
        self.maximumBatch = maximumBatch
        self.lanes = max(1, lanes)
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Appends `draft` to its tenant's chain and returns once it is committed.
    /// - Throws: ``Stopped`` after shutdown, or the database error that failed its batch.
    package func append(_ draft: AuditDraft) async throws -> AuditReceipt {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = queue.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.pending.append(Pending(draft: draft, continuation: continuation))
                return true
            }
            if accepted { wake.yield() } else { continuation.resume(throwing: Stopped()) }
        }
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.wakeups {
                await self.flush()
                if Task.isCancelled { break }
            }
        }
        // Stop taking work, then commit what was already accepted.
        queue.withLock { $0.stopped = true }
        await flush()
    }

    /// Commits everything pending: tenants are dealt, in id order, to at most `lanes`
    /// transactions that run in parallel; each transaction appends to all its tenants' chains.
    /// With many tenants and few events each, that keeps transactions few and full; locking
    /// heads in id order keeps two appenders (two server instances) from deadlocking.
    private func flush() async {
        while true {
            let batch = queue.withLock { state -> [Pending] in
                defer { state.pending.removeAll() }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            let byTenant = Dictionary(grouping: batch, by: \.draft.tenantID)
            let tenants = byTenant.keys.sorted { $0.uuidString < $1.uuidString }
            let laneCount = min(lanes, tenants.count)
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<laneCount {
                    let mine = stride(from: lane, to: tenants.count, by: laneCount).map {
                        (tenants[$0], byTenant[tenants[$0]] ?? [])
                    }
                    group.addTask { await self.commit(mine) }
                }
            }
        }
    }

    private func commit(_ work: [(tenant: UUID, pending: [Pending])]) async {
        do {
            let receipts = try await database.withTenants { connection, enter in
                var receipts: [[AuditReceipt]] = []
                for (tenant, pending) in work {
                    try await enter(tenant)
                    var mine: [AuditReceipt] = []
                    var start = 0
                    while start < pending.count {
                        let slice = pending[start..<min(start + maximumBatch, pending.count)].map(\.draft)
                        mine += try await AuditLedger.append(slice, tenant: tenant, on: connection)
                        start += maximumBatch
                    }
                    receipts.append(mine)
                }
                return receipts
            }
            for ((_, pending), tenantReceipts) in zip(work, receipts) {
                for (item, receipt) in zip(pending, tenantReceipts) { item.continuation.resume(returning: receipt) }
            }
        } catch {
            for (_, pending) in work {
                for item in pending { item.continuation.resume(throwing: error) }
            }
        }
    }
}
