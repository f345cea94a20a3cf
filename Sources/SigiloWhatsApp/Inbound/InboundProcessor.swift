package import Foundation
package import Logging
import ServiceLifecycle
package import SigiloStore
import Synchronization

/// Processes stored webhook events: at once for those this instance received (``submit``),
/// and by a sweep for any left behind (an instance killed between storing and processing, a
/// failure). Events are taken in batches per tenant, each batch one transaction.
package final class InboundProcessor: Service, Sendable {
    /// Tuning, with defaults measured on a 2-core machine.
    package struct Configuration: Sendable {
        /// Most events in one transaction.
        package var batchSize = 64
        /// Transactions processing at once.
        package var concurrency = 4
        /// How often the sweep looks for events left unprocessed.
        package var sweepInterval: Duration = .seconds(5)
        /// How old an unprocessed event must be for the sweep to take it (younger ones are
        /// still in their receiver's hands).
        package var sweepAge: Duration = .seconds(10)
        /// How long a processed webhook body is kept (for diagnosis), then deleted.
        package var retention: Duration = .seconds(7 * 24 * 3600)

        package init() {}
    }

    private let inbox: WebhookInbox
    private let channels: ChannelRepository
    private let media: MediaDownloader?
    private let configuration: Configuration
    private let logger: Logger
    private let pending = Mutex<[(tenant: UUID, event: UUID)]>([])
    private let channelMaps = Mutex<[UUID: (map: [String: UUID], at: Date)]>([:])
    private let lastPurge = Mutex<Date?>(nil)
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    package init(
        inbox: WebhookInbox,
        channels: ChannelRepository,
        media: MediaDownloader?,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.inbox = inbox
        self.channels = channels
        self.media = media
        self.configuration = configuration
        self.logger = logger
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a stored event for processing by this instance.
    package func submit(tenant: UUID, event: UUID) {
        pending.withLock { $0.append((tenant, event)) }
        ring.yield()
    }

    package func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await Periodic.run(every: self.configuration.sweepInterval) { await self.sweep() }
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    for await _ in self.doorbell {
                        await self.drain()
                        if Task.isCancelled { break }
                    }
                }
                // What was queued is stored: the sweep of any instance processes it later.
            }
        }
    }

    /// Processes everything queued, `concurrency` batches at a time.
    private func drain() async {
        while true {
            let taken = pending.withLock { queue -> [(tenant: UUID, event: UUID)] in
                let count = min(queue.count, configuration.batchSize * configuration.concurrency)
                defer { queue.removeFirst(count) }
                return Array(queue.prefix(count))
            }
            guard !taken.isEmpty else { return }
            await processGrouped(taken)
        }
    }

    /// Processes `events` grouped by tenant in batches of at most ``Configuration/batchSize``.
    package func processGrouped(_ events: [(tenant: UUID, event: UUID)]) async {
        var batches: [(UUID, [UUID])] = []
        for (tenant, group) in Dictionary(grouping: events, by: \.tenant) {
            let ids = group.map(\.event)
            for start in stride(from: 0, to: ids.count, by: configuration.batchSize) {
                batches.append((tenant, Array(ids[start..<min(start + configuration.batchSize, ids.count)])))
            }
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for (tenant, ids) in batches {
                if running == configuration.concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.process(tenant: tenant, ids: ids) }
                running += 1
            }
        }
    }

    /// Processes one batch; when it fails, each event alone, so one bad event cannot hold
    /// back the others (it is counted and left for the sweep).
    private func process(tenant: UUID, ids: [UUID]) async {
        do {
            try await processBatch(tenant: tenant, ids: ids)
        } catch {
            guard ids.count > 1 else {
                logger.error(
                    "webhook event processing failed",
                    metadata: [
                        "sigilo.tenant_id": "\(tenant)", "sigilo.webhook_event": "\(ids[0])",
                        "error.type": "\(String(reflecting: type(of: error)))",
                        "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "")",
                    ]
                )
                try? await inbox.recordFailure(tenant: tenant, id: ids[0], code: "processing_failed")
                return
            }
            for id in ids { await process(tenant: tenant, ids: [id]) }
        }
    }

    private func processBatch(tenant: UUID, ids: [UUID]) async throws {
        let channelMap = try await channels(of: tenant)
        var tally = WebhookBatch.Tally()
        try await inbox.process(tenant: tenant, ids: ids) { events, writer in
            tally = WebhookBatch.Tally()
            let batch = WebhookBatch(channels: channelMap, tenant: tenant, writer: writer)
            let mentioned = try await batch.process(try events.map { try WebhookPayload.parse($0.body) }, tally: &tally)
            return Dictionary(uniqueKeysWithValues: zip(events.map(\.id), mentioned.map { Array($0) }))
        }
        if let media, !tally.media.isEmpty {
            for item in tally.media {
                await media.download(
                    tenant: tenant,
                    message: item.message,
                    mediaID: item.mediaID,
                    channel: item.channel
                )
            }
        }
    }

    /// The tenant's phone-number ids → channel ids, cached for a few seconds.
    private func channels(of tenant: UUID) async throws -> [String: UUID] {
        if let cached = channelMaps.withLock({ $0[tenant] }), Date().timeIntervalSince(cached.at) < 5 {
            return cached.map
        }
        let map = Dictionary(
            try await channels.list(tenant: tenant).map { ($0.phoneNumberID, $0.id) },
            uniquingKeysWith: { first, _ in first }
        )
        channelMaps.withLock { $0[tenant] = (map, Date()) }
        return map
    }

    /// Takes events left unprocessed by anyone.
    package func sweep() async {
        do {
            let backlog = try await inbox.backlog(olderThan: configuration.sweepAge, limit: 512)
            guard !backlog.isEmpty else { return }
            logger.info("webhook sweep found unprocessed events", metadata: ["sigilo.count": "\(backlog.count)"])
            await processGrouped(backlog.map { ($0.tenant, $0.id) })
        } catch {
            logger.error("webhook sweep failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
        await media?.sweep()
        await purgeIfDue()
    }

    /// Deletes processed bodies past ``Configuration/retention``, at most every ten minutes.
    private func purgeIfDue() async {
        let due = lastPurge.withLock { last -> Bool in
            guard last.map({ Date().timeIntervalSince($0) > 600 }) ?? true else { return false }
            last = Date()
            return true
        }
        guard due else { return }
        do {
            let purged = try await inbox.purge(processedBefore: configuration.retention)
            if purged > 0 { logger.info("processed webhook bodies deleted", metadata: ["sigilo.count": "\(purged)"]) }
        } catch {
            logger.error("webhook purge failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
