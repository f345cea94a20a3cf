import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import SigiloStore
import SigiloWhatsApp

/// Delivers LGPD notices to the host CRM (Art. 18 §6: an erasure is told to those the data
/// was shared with): every `interval`, and at once when ``ring()`` says one was queued. Each
/// POST is signed (``SignedWebhookPoster``), so the host checks who sent it and when.
final class HostNotifier: Service, Sendable {
    private let notices: HostWebhookRepository
    private let poster: SignedWebhookPoster
    private let interval: Duration
    private let logger: Logger
    private let doorbell: AsyncStream<Void>
    private let bell: AsyncStream<Void>.Continuation

    init(notices: HostWebhookRepository, httpClient: HTTPClient, interval: Duration, logger: Logger) {
        self.notices = notices
        self.poster = SignedWebhookPoster(httpClient: httpClient)
        self.interval = interval
        self.logger = logger
        (doorbell, bell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A notice was queued: deliver without waiting for the next tick.
    func ring() {
        bell.yield()
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await Periodic.run(every: self.interval) { await self.deliverDue() }
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    for await _ in self.doorbell {
                        await self.deliverDue()
                        if Task.isCancelled { break }
                    }
                }
            }
        }
    }

    /// Delivers every notice due now, one attempt each.
    func deliverDue() async {
        do {
            for (id, tenant) in try await notices.due(limit: 100) {
                guard let delivery = try await notices.lease(id, tenant: tenant) else { continue }
                let status = await poster.post(
                    url: delivery.url,
                    body: delivery.payload,
                    event: delivery.event,
                    delivery: delivery.id,
                    secret: delivery.secret
                )
                let delivered = status.map { (200..<300).contains($0) } ?? false
                try await notices.settle(delivery, delivered: delivered, status: status)
                logger.log(
                    level: delivered ? .info : .warning,
                    delivered ? "host notice delivered" : "host notice not delivered",
                    metadata: [
                        "sigilo.tenant_id": "\(tenant)", "sigilo.host_notice": "\(id)",
                        "sigilo.attempt": "\(delivery.attempt)", "http.status": "\(status.map(String.init) ?? "none")",
                    ]
                )
            }
        } catch {
            logger.error(
                "host notices failed",
                metadata: [
                    "error.type": "\(String(reflecting: type(of: error)))",
                    "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "")",
                ]
            )
        }
    }
}
