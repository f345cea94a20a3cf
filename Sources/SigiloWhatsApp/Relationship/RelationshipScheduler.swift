package import Foundation
package import Logging
import ServiceLifecycle
package import SigiloStore

/// The relationship work done in the background, in every instance: routing new
/// conversations (every `routingInterval`), and following up tickets, sending due cadence
/// and scheduled messages (every `interval`). Each item is claimed under a row lock in its
/// own transaction, so instances never do the same work twice.
package struct RelationshipScheduler: Service {
    package struct Configuration: Sendable {
        package var routingInterval: Duration = .seconds(2)
        package var interval: Duration = .seconds(30)
        /// Most items of one kind taken per pass.
        package var batch = 200

        package init() {}
    }

    let tickets: TicketAutomation
    let cadences: CadenceRepository
    let scheduled: ScheduledMessageRepository
    let configuration: Configuration
    let logger: Logger

    package init(
        tickets: TicketAutomation,
        cadences: CadenceRepository,
        scheduled: ScheduledMessageRepository,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.tickets = tickets
        self.cadences = cadences
        self.scheduled = scheduled
        self.configuration = configuration
        self.logger = logger
    }

    package func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await Periodic.run(every: configuration.routingInterval) { await report { try await route() } }
            }
            group.addTask {
                await Periodic.run(every: configuration.interval) { await report { try await runDue() } }
            }
        }
    }

    /// What one pass did (for tests and logs).
    package struct Pass: Sendable, Equatable {
        package var routed = 0
        package var followUps = TicketAutomation.FollowUps()
        package var cadences: [DueOutcome] = []
        package var scheduled: [DueOutcome] = []

        package init() {}
    }

    /// Routes the conversations waiting for it.
    @discardableResult
    package func route(now: Date = Date()) async throws -> Int {
        var routed = 0
        for (tenant, id) in try await tickets.unrouted(limit: configuration.batch) {
            let outcome = await isolated {
                try await tickets.route(id, tenant: tenant, now: now, text: AutomationDrafts.text)
            }
            if case .routed = outcome { routed += 1 }
        }
        return routed
    }

    /// Ticket follow-ups, due cadences and due scheduled messages, as of `now`.
    @discardableResult
    package func runDue(now: Date = Date()) async throws -> Pass {
        var pass = Pass()
        pass.routed = try await route(now: now)
        for tenant in try await tickets.followUpTenants() {
            guard
                let done = await isolated({
                    try await tickets.followUp(tenant: tenant, now: now, text: AutomationDrafts.text)
                })
            else { continue }
            pass.followUps.woken += done.woken
            pass.followUps.reminded += done.reminded
            pass.followUps.closed += done.closed
        }
        for (tenant, contact) in try await cadences.due(at: now, limit: configuration.batch) {
            let outcome = await isolated {
                try await cadences.sendIfDue(
                    contact: contact,
                    tenant: tenant,
                    now: now,
                    draft: AutomationDrafts.template
                )
            }
            if let outcome { pass.cadences.append(outcome) }
        }
        for (tenant, id) in try await scheduled.due(at: now, limit: configuration.batch) {
            let outcome = await isolated {
                try await scheduled.sendIfDue(id, tenant: tenant, now: now, draft: AutomationDrafts.template)
            }
            if let outcome { pass.scheduled.append(outcome) }
        }
        return pass
    }

    /// Runs one item; a failure is logged and the pass goes on with the next, so one item that
    /// cannot be done (a value that no longer opens) never holds back the others.
    private func isolated<Result>(_ body: () async throws -> Result) async -> Result? {
        do {
            return try await body()
        } catch {
            logger.error(
                "relationship item failed",
                metadata: ["error.type": "\(String(reflecting: type(of: error)))"]
            )
            return nil
        }
    }

    /// Logs a failed pass by its error type only (never its message, which could carry data).
    private func report(_ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            logger.error(
                "relationship pass failed",
                metadata: ["error.type": "\(String(reflecting: type(of: error)))"]
            )
        }
    }
}
