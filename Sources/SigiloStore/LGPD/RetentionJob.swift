package import Foundation
package import Logging
import ServiceLifecycle
package import SigiloCore

/// Enforces `policies/retention.json` every `interval` in every instance: the batches take
/// their rows `FOR UPDATE SKIP LOCKED`, so instances running at once share the work and never
/// change a row twice.
package final class RetentionJob: Service, Sendable {
    private let repository: RetentionRepository
    private let policy: RetentionPolicy
    private let interval: Duration
    private let logger: Logger

    package init(repository: RetentionRepository, policy: RetentionPolicy, interval: Duration, logger: Logger) {
        self.repository = repository
        self.policy = policy
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await Periodic.run(every: interval) { _ = await self.runOnce(at: Date()) }
    }

    /// One pass over every tenant and rule at `now`.
    /// - Returns: rows changed per category.
    @discardableResult
    package func runOnce(at now: Date) async -> [RetentionPolicy.Category: Int] {
        var changed: [RetentionPolicy.Category: Int] = [:]
        let tenants: [UUID]
        do {
            tenants = try await repository.tenants()
        } catch {
            log(error, tenant: nil)
            return [:]
        }
        // One tenant's or rule's failure is logged and leaves the others' to run.
        for tenant in tenants {
            for rule in policy.rules {
                do {
                    changed[rule.category, default: 0] += try await repository.apply(rule, tenant: tenant, at: now)
                } catch {
                    log(error, tenant: tenant)
                }
            }
        }
        let total = changed.values.reduce(0, +)
        if total > 0 {
            logger.info(
                "retention applied",
                metadata: Dictionary(
                    uniqueKeysWithValues: changed.map { ("sigilo.retention.\($0.key.rawValue)", "\($0.value)") }
                )
            )
        }
        return changed
    }

    private func log(_ error: any Error, tenant: UUID?) {
        logger.error(
            "retention pass failed",
            metadata: [
                "sigilo.tenant_id": "\(tenant.map { "\($0)" } ?? "")",
                "error.type": "\(String(reflecting: type(of: error)))",
                "db.sqlstate": "\(StoreError.sqlState(of: error) ?? "")",
            ]
        )
    }
}
