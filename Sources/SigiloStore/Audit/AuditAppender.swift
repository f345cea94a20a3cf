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
    private let queue = Mutex<(pending: [Pending], stopped: Bool)>(([], false))
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - database: The application pool.
    ///   - maximumBatch: The most events one transaction carries per tenant.
    package init(database: Database, maximumBatch: Int = 512) {
        self.database = database
        self.maximumBatch = maximumBatch
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

    /// Commits everything pending, one transaction per tenant, tenants in parallel.
    private func flush() async {
        while true {
            let batch = queue.withLock { state -> [Pending] in
                defer { state.pending.removeAll() }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            let byTenant = Dictionary(grouping: batch, by: \.draft.tenantID)
            await withTaskGroup(of: Void.self) { group in
                for (tenant, pending) in byTenant {
                    group.addTask {
                        var start = 0
                        while start < pending.count {
                            let slice = Array(pending[start..<min(start + self.maximumBatch, pending.count)])
                            await self.commit(slice, tenant: tenant)
                            start += self.maximumBatch
                        }
                    }
                }
            }
        }
    }

    private func commit(_ pending: [Pending], tenant: UUID) async {
        do {
            let receipts = try await database.withTenant(tenant) { connection in
                try await AuditLedger.append(pending.map(\.draft), tenant: tenant, on: connection)
            }
            for (item, receipt) in zip(pending, receipts) { item.continuation.resume(returning: receipt) }
        } catch {
            for item in pending { item.continuation.resume(throwing: error) }
        }
    }
}
