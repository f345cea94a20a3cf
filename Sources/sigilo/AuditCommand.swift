import ArgumentParser
import Foundation
import Logging
import Metrics
import SigiloAPI
import SigiloStore

/// `sigilo audit`: verify a tenant's chain, and measure append throughput.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the audit trail (and measure it).",
        subcommands: [Verify.self, Bench.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a tenant's chain; print OK with the count, or the first bad event and why (exit 1)."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let configuration = try DatabaseConfiguration(reader: reader)
                let pool = CommandDatabase.make(
                    url: configuration.applicationURL,
                    configuration: configuration,
                    pool: "application"
                )
                let started = ContinuousClock.now
                let report = try await pool.whileRunning { () async throws -> AuditVerifier.Report in
                    guard let id = try await TenantRepository(database: pool).id(forSlug: tenant) else {
                        throw IdentityAdministration.Failure(description: "no tenant has this slug")
                    }
                    return try await AuditVerifier(database: pool).verify(tenant: id)
                }
                let seconds = Self.seconds(ContinuousClock.now - started)
                switch report.outcome {
                case .intact(let events):
                    print("OK: \(events) events, chain intact (\(Int(Double(events) / max(seconds, 1e-6))) events/s)")
                case .broken(let seq, let reason):
                    print("BROKEN at seq \(seq): \(reason.rawValue)")
                    throw ExitCode(1)
                }
            }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Append events from concurrent writers through the group-commit appender; print events/s as JSON.",
            discussion: "For `make bench` on a throwaway database: it writes real events into the tenants' chains."
        )

        @Option(help: "Slugs of existing tenants to write to, comma-separated.")
        var tenants: String

        @Option(help: "Concurrent writers.")
        var writers = 64

        @Option(help: "Events to append in total.")
        var events = 20_000

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let configuration = try DatabaseConfiguration(reader: reader)
                let pool = Database(
                    url: configuration.applicationURL,
                    maximumConnections: configuration.maximumConnections,
                    connectTimeout: configuration.connectTimeout,
                    pool: "application",
                    metricsFactory: NOOPMetricsHandler.instance,
                    logger: Logger(label: "sigilo.bench", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                let appender = AuditAppender(database: pool)
                let slugs = tenants.split(separator: ",").map(String.init)
                let (writers, total) = (self.writers, self.events)
                let seconds = try await pool.whileRunning { () async throws -> Double in
                    var ids: [UUID] = []
                    for slug in slugs {
                        guard let id = try await TenantRepository(database: pool).id(forSlug: slug) else {
                            throw IdentityAdministration.Failure(description: "no tenant has the slug \(slug)")
                        }
                        ids.append(id)
                    }
                    let tenantIDs = ids
                    return try await withThrowingTaskGroup(of: Void.self) { service in
                        service.addTask { try await appender.run() }
                        let started = ContinuousClock.now
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for writer in 0..<writers {
                                group.addTask {
                                    for index in stride(from: writer, to: total, by: writers) {
                                        _ = try await appender.append(
                                            AuditDraft(
                                                tenantID: tenantIDs[index % tenantIDs.count],
                                                actorKind: "system",
                                                actorID: "bench",
                                                action: "bench.append",
                                                resourceType: "bench",
                                                resourceID: "\(index)",
                                                purpose: "benchmark",
                                                legalBasis: "legitimate_interest"
                                            )
                                        )
                                    }
                                }
                            }
                            try await group.waitForAll()
                        }
                        let elapsed = Verify.seconds(ContinuousClock.now - started)
                        service.cancelAll()
                        return elapsed
                    }
                }
                print(
                    #"{"events": \#(total), "writers": \#(writers), "tenants": \#(slugs.count), "seconds": \#(seconds), "events_per_second": \#(Int(Double(total) / seconds))}"#
                )
            }
        }
    }
}
