import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SigiloCore
import Synchronization

/// Appends audit events with group commit: concurrent callers' events are gathered, chained
/// onto each tenant's cached head, and written in one statement per lane (its own
/// transaction; the database's trigger checks every chain and moves the heads). A caller
/// resumes only once its event is committed, so "respond after the event is durable" holds.
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
    /// The last known head of each tenant this appender wrote to.
    private let heads = Mutex<[UUID: AuditHead]>([:])
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - database: The application pool.
    ///   - maximumBatch: About the most events one statement carries (a flush takes at most
    ///     this many per lane; the rest go in the next).
    ///   - lanes: Statements committing at once (each with a connection of the pool). Two
    ///     measured best on two cores: more lanes make more, smaller commits.
    package init(database: Database, maximumBatch: Int = 1024, lanes: Int = 2) {
        self.database = database
        self.maximumBatch = maximumBatch
        self.lanes = max(1, lanes)
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Appends `draft` to its tenant's chain and returns once it is committed.
    /// - Throws: ``Stopped`` after shutdown, or the database error that failed its batch.
    package func append(_ draft: AuditDraft) async throws -> AuditReceipt {
        // An event that cannot be encoded (a string past 4 KiB, too many details) fails its
        // caller here, before it joins a batch whose statement it would fail for everyone.
        _ = try AuditEncoding.encode(draft.event(seq: 1))
        return try await withCheckedThrowingContinuation { continuation in
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
    /// statements that run in parallel; each appends to all its tenants' chains. With many
    /// tenants and few events each, that keeps statements few and full; the trigger locks heads
    /// in id order, so two appenders (two server instances) do not deadlock.
    private func flush() async {
        while true {
            let batch = queue.withLock { state -> [Pending] in
                let taken = Array(state.pending.prefix(maximumBatch * lanes))
                state.pending.removeFirst(taken.count)
                return taken
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

    /// Appends every tenant's pending events in one statement (`sigilo_audit_append`, its own
    /// transaction). Hashes are computed from the cached heads; when another writer moved a
    /// head meanwhile (another instance, or a data change appending in its own transaction),
    /// the trigger refuses the statement and the batch is retried once holding the heads'
    /// locks, which cannot fail that way.
    private func commit(_ work: [(tenant: UUID, pending: [Pending])]) async {
        do {
            var receipts: [[AuditReceipt]] = []
            do {
                receipts = try await database.withConnection { connection in
                    try await self.append(work, on: connection)
                }
            } catch  where Self.isStaleHead(error) {
                // Another writer moved a head (a data change appending in its own transaction,
                // another instance): take the heads' locks this time, so the retry cannot lose.
                forgetHeads(of: work)
                receipts = try await appendLocked(work)
            }
            for ((_, pending), tenantReceipts) in zip(work, receipts) {
                for (item, receipt) in zip(pending, tenantReceipts) { item.continuation.resume(returning: receipt) }
            }
        } catch {
            forgetHeads(of: work)
            for (_, pending) in work {
                for item in pending { item.continuation.resume(throwing: error) }
            }
        }
    }

    private func append(
        _ work: [(tenant: UUID, pending: [Pending])],
        on connection: PostgresConnection
    ) async throws -> [[AuditReceipt]] {
        var known = heads.withLock { $0 }
        let missing = work.map(\.tenant).filter { known[$0] == nil }
        if !missing.isEmpty {
            known.merge(try await AuditHead.read(missing, on: connection)) { _, read in read }
        }
        var rows = AuditRows()
        var receipts: [[AuditReceipt]] = []
        var moved: [UUID: AuditHead] = [:]
        for (tenant, pending) in work {
            let (mine, head) = try rows.append(pending.map(\.draft), tenant: tenant, after: known[tenant] ?? .empty)
            receipts.append(mine)
            moved[tenant] = head
        }
        try await connection.run(rows.query)
        heads.withLock { $0.merge(moved) { _, new in new } }
        return receipts
    }

    /// ``append(_:on:)`` holding every head's lock (in tenant order, as everyone locks them):
    /// no writer can move a head between reading it and appending after it.
    private func appendLocked(_ work: [(tenant: UUID, pending: [Pending])]) async throws -> [[AuditReceipt]] {
        try await database.withTenants { connection, enter in
            var rows = AuditRows()
            var receipts: [[AuditReceipt]] = []
            var moved: [UUID: AuditHead] = [:]
            for (tenant, pending) in work {
                try await enter(tenant)
                let locked = try await connection.query(
                    "SELECT seq, hash FROM sigilo_audit_lock_head(\(tenant))",
                    logger: Database.silentLogger
                )
                var head = AuditHead.empty
                for try await (seq, hash) in locked.decode((Int64, Data).self) {
                    head = AuditHead(seq: UInt64(seq), hash: hash)
                }
                let (mine, next) = try rows.append(pending.map(\.draft), tenant: tenant, after: head)
                receipts.append(mine)
                moved[tenant] = next
            }
            // The append spans tenants: it runs with no tenant in scope, as the unlocked path does.
            try await connection.run("SELECT set_config('sigilo.tenant_id', '', true)")
            try await connection.run(rows.query)
            heads.withLock { $0.merge(moved) { _, new in new } }
            return receipts
        }
    }

    /// Drops the cached heads of `work`'s tenants, so the next batch reads them again.
    private func forgetHeads(of work: [(tenant: UUID, pending: [Pending])]) {
        heads.withLock { cached in
            for (tenant, _) in work { cached[tenant] = nil }
        }
    }

    /// The append trigger's refusal (23000) or a seq taken meanwhile (23505).
    static func isStaleHead(_ error: any Error) -> Bool {
        ["23000", "23505"].contains(StoreError.sqlState(of: error))
    }
}
