package import AsyncHTTPClient
import Foundation
package import Logging
package import Metrics
import ServiceLifecycle
package import SigiloStore

/// Sends the outbox: claims due messages (any number of instances may run this; claims are
/// `FOR UPDATE SKIP LOCKED` and each number's messages-per-second cap is counted across all
/// of them), sends each through the Graph API, and settles it by ``OutboxAttempt``'s rules.
package final class OutboxSender: Service, Sendable {
    /// Tuning.
    package struct Configuration: Sendable {
        /// Sends in flight at once (across numbers).
        package var concurrency = 16
        /// Most messages claimed at once.
        package var claimBatch = 64
        /// How often to look for due messages when nobody rang.
        package var pollInterval: Duration = .milliseconds(250)
        /// A claim older than this, still `sending`, belonged to an instance that died
        /// mid-send: it turns `uncertain` (never resent).
        package var lease: Duration = .seconds(120)
        /// The sliding window each number's cap is counted over; a little over a second, so
        /// the gap between claiming and sending cannot let a burst through.
        package var capWindow: Duration = .milliseconds(1050)
        package var policy: OutboxRetryPolicy = .standard

        package init() {}
    }

    let outbox: OutboxRepository
    let channels: ChannelRepository
    let httpClient: HTTPClient
    let configuration: Configuration
    let logger: Logger
    let pacer = SendPacer()
    let doorbell: AsyncStream<Void>
    let ring: AsyncStream<Void>.Continuation
    let sentCounter: Counter
    let failedCounter: Counter
    let retriedCounter: Counter
    let uncertainCounter: Counter
    /// The alert: a channel's token expired (Meta's 190) and its sending stopped.
    let tokenAlertCounter: Counter

    package init(
        outbox: OutboxRepository,
        channels: ChannelRepository,
        httpClient: HTTPClient,
        configuration: Configuration = Configuration(),
        metrics: any MetricsFactory,
        logger: Logger
    ) {
        let label = "sigilo_whatsapp_outbound_total"
        sentCounter = Counter(label: label, dimensions: [("result", "sent")], factory: metrics)
        failedCounter = Counter(label: label, dimensions: [("result", "failed")], factory: metrics)
        retriedCounter = Counter(label: label, dimensions: [("result", "retry")], factory: metrics)
        uncertainCounter = Counter(label: label, dimensions: [("result", "uncertain")], factory: metrics)
        tokenAlertCounter = Counter(label: "sigilo_whatsapp_token_expired_total", factory: metrics)
        self.outbox = outbox
        self.channels = channels
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Something was queued: look now rather than at the next poll.
    package func wake() {
        ring.yield()
    }

    package func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await Periodic.run(every: .seconds(10)) { await self.expireStaleClaims() }
            }
            group.addTask {
                // Retries come due with nobody ringing: look every poll interval.
                await Periodic.run(every: self.configuration.pollInterval) { self.ring.yield() }
            }
            group.addTask {
                await self.expireStaleClaims()
                await cancelWhenGracefulShutdown {
                    for await _ in self.doorbell {
                        while !Task.isCancelled, await self.sendDue() {}
                        if Task.isCancelled { break }
                    }
                }
            }
        }
    }

    /// Sends whatever is due now, `concurrency` at a time.
    /// - Returns: whether anything was claimed.
    @discardableResult
    package func sendDue() async -> Bool {
        let claims: [OutboxRepository.Claim]
        do {
            claims = try await outbox.claim(limit: configuration.claimBatch, span: configuration.capWindow)
        } catch {
            logger.error("outbox claim failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return false
        }
        guard !claims.isEmpty else { return false }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for claim in claims {
                if running == configuration.concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.send(claim) }
                running += 1
            }
        }
        return true
    }

    private func expireStaleClaims() async {
        do {
            let expired = try await outbox.expire(lease: configuration.lease)
            if expired > 0 {
                logger.warning("outbox sends with unknown outcome", metadata: ["sigilo.count": "\(expired)"])
            }
        } catch {
            logger.error("outbox expiry failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
