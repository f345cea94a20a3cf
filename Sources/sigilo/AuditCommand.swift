import ArgumentParser
import Foundation
import Logging
import Metrics
import SigiloAPI
import SigiloCrypto
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
            abstract: "Verify a tenant's chain in the database, or an export file offline.",
            discussion: """
                In the database (--tenant, or every tenant without it): recomputes the chain and checks every \
                signed checkpoint, from the database and from audit.checkpointDirectory, with the --public-key \
                given or else the configured keys (audit.checkpointKey's public half, audit.trustedKeys). Offline (--file): checks an NDJSON export with --public-key only. \
                Prints OK with counts, or the first bad event and why, and exits 1.
                """
        )

        @Option(help: "The tenant's slug; without it (and without --file), every tenant is verified.")
        var tenant: String?

        @Option(help: "Start at the last signed checkpoint before this seq (database only).")
        var from: UInt64 = 1

        @Option(help: "An NDJSON export to verify offline, with no database.")
        var file: String?

        @Option(name: .customLong("public-key"), help: "A trusted verifier key (name+id+key); repeatable.")
        var publicKeys: [String] = []

        func validate() throws {
            if tenant != nil && file != nil { throw ValidationError("give --tenant or --file, not both") }
            if file != nil && publicKeys.isEmpty { throw ValidationError("--file needs --public-key") }
        }

        func run() async throws {
            try await OperatorError.report {
                let given = try publicKeys.map { key in
                    do { return try NoteVerifier(encoded: key) } catch {
                        throw IdentityAdministration.Failure(description: "--public-key: \(error)")
                    }
                }
                if let file {
                    try verifyFile(file, verifiers: given)
                } else {
                    try await verifyDatabase(tenant, given: given)
                }
            }
        }

        private func verifyFile(_ path: String, verifiers: [NoteVerifier]) throws {
            let started = ContinuousClock.now
            do {
                let report = try AuditExportVerifier.verify(file: URL(fileURLWithPath: path), verifiers: verifiers)
                let seconds = Self.seconds(ContinuousClock.now - started)
                print(
                    "OK: export of tenant \(report.tenantID.uuidString.lowercased()), events \(report.firstSeq)…\(report.lastSeq)"
                        + " (\(report.events)), \(report.checkpoints) signed checkpoint(s) matched, trailer signature valid"
                        + " (\(Int(Double(report.events) / max(seconds, 1e-6))) events/s)"
                )
            } catch let failure as AuditExportVerifier.Failure {
                print("BROKEN: \(failure.description)")
                throw ExitCode(1)
            }
        }

        /// Verifies `slug`'s chain, or every tenant's when nil (listed through the owner's
        /// connection: row-level security shows the application role one tenant at a time).
        private func verifyDatabase(_ slug: String?, given: [NoteVerifier]) async throws {
            let reader = ConfigurationSources.reader()
            let configuration = try DatabaseConfiguration(reader: reader)
            let configured = try AuditConfiguration.verification(reader: reader)
            let verifiers = given.isEmpty ? configured.trusted : given
            let archive = configured.archive
            let slugs: [String]
            if let slug {
                slugs = [slug]
            } else {
                let owner = CommandDatabase.make(
                    url: configuration.ownerURL,
                    configuration: configuration,
                    pool: "owner"
                )
                slugs = try await owner.whileRunning { try await TenantRepository(database: owner).allSlugs() }
            }
            // Three connections: verification reads two chunks ahead while it checks one.
            let pool = Database(
                url: configuration.applicationURL,
                maximumConnections: 3,
                connectTimeout: configuration.connectTimeout,
                pool: "application",
                metricsFactory: NOOPMetricsHandler.instance,
                logger: Logger(label: "sigilo.command", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let (trustedVerifiers, checkpoints, start) = (verifiers, archive, from)
            let broken = try await pool.whileRunning { () async throws -> Int in
                var broken = 0
                for slug in slugs {
                    guard let id = try await TenantRepository(database: pool).id(forSlug: slug) else {
                        throw IdentityAdministration.Failure(description: "no tenant has the slug \(slug)")
                    }
                    let started = ContinuousClock.now
                    let report = try await AuditVerifier(
                        database: pool,
                        verifiers: trustedVerifiers,
                        archive: checkpoints
                    )
                    .verify(tenant: id, from: start)
                    let line = Self.line(report, seconds: Self.seconds(ContinuousClock.now - started))
                    print(slugs.count == 1 ? line : "\(slug): \(line)")
                    if case .broken = report.outcome { broken += 1 }
                }
                return broken
            }
            if archive == nil {
                print("note: no audit.checkpointDirectory: only the database's checkpoints were checked")
            }
            if slugs.count != 1 { print("\(slugs.count) tenant(s) verified, \(broken) broken") }
            if broken > 0 { throw ExitCode(1) }
        }

        /// `OK: …` or `BROKEN at seq N: reason (detail)`.
        static func line(_ report: AuditVerifier.Report, seconds: Double) -> String {
            switch report.outcome {
            case .intact(let events):
                let covered =
                    report.lastCheckpoint.map {
                        "signed checkpoints matched: \(report.checkpointsMatched), the last at \($0)"
                    } ?? "no signed checkpoint matched"
                let walked = events >= report.firstSeq ? events - report.firstSeq + 1 : 0
                return "OK: events \(report.firstSeq)…\(events), chain intact; \(covered)"
                    + " (\(Int(Double(walked) / max(seconds, 1e-6))) events/s)"
                    + (report.detail.map { "; note: \($0)" } ?? "")
            case .broken(let seq, let reason):
                return "BROKEN at seq \(seq): \(reason.rawValue)" + (report.detail.map { " (\($0))" } ?? "")
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

        @Option(help: "Statements the appender commits at once (the server uses 2).")
        var lanes = 2

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
                let appender = AuditAppender(database: pool, lanes: lanes)
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
