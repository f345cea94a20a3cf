import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCore
import SigiloStore

extension DevCommand {
    /// `sigilo dev seed-relationship`: the demo's attendance, once: a default queue
    /// "Atendimento" open Monday to Friday, 09:00–18:00 in São Paulo, with an out-of-hours
    /// reply, every admin and agent of the tenant as its available members, and a quick reply
    /// (skipped when the tenant already has a queue). With `--ai`, the tenant's AI copilot is
    /// turned on (without requiring each contact's consent: a demo's choice, see docs/ai.md) and
    /// the default queue answers automatically.
    struct SeedRelationship: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-relationship",
            abstract: "Give a tenant a default queue with its people available (for make run)."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

        @Flag(help: "Also turn the AI copilot on, with the default queue answering automatically.")
        var ai = false

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let configuration = try DatabaseConfiguration(reader: reader)
                let database = CommandDatabase.make(
                    url: configuration.applicationURL,
                    configuration: configuration,
                    pool: "application"
                )
                try await database.whileRunning {
                    guard let tenantID = try await TenantRepository(database: database).id(forSlug: tenant) else {
                        throw ValidationError("no tenant has this slug")
                    }
                    try await seed(tenantID, database: database)
                    if ai { try await enableAI(tenantID, database: database) }
                }
            }
        }

        private func seed(_ tenantID: UUID, database: Database) async throws {
            let queues = QueueRepository(database: database)
            guard try await queues.list(tenant: tenantID).isEmpty else { return }
            let people = try await UserRepository(database: database).list(tenant: tenantID, after: nil, limit: 100)
                .filter { $0.disabledAt == nil && !Set($0.roles).isDisjoint(with: ["admin", "agent"]) }
            var changes = QueueChanges()
            changes.name = "Atendimento"
            changes.isDefault = true
            changes.hours = BusinessHours(
                intervals: (1...5).map { BusinessHours.Interval(day: $0, open: 9 * 60, close: 18 * 60) },
                timeZone: .saoPaulo
            )
            changes.outOfHoursReply = .set(
                "Olá! Nosso horário é de segunda a sexta, das 9h às 18h. Respondemos assim que abrirmos."
            )
            changes.memberIDs = people.map(\.id)
            _ = try await queues.create(changes, tenant: tenantID, audit: Self.event("queue.create", tenantID))
            let agents = AgentRepository(database: database)
            for person in people {
                _ = try await agents.set(
                    user: person.id,
                    available: true,
                    capacity: 10,
                    tenant: tenantID,
                    audit: Self.event("agent.availability", tenantID)
                )
            }
            _ = try await QuickReplyRepository(database: database).create(
                shortcut: "ola",
                title: "Saudação",
                body: "Olá {{contact.first_name}}! Aqui é da {{business.name}}. Como posso ajudar?",
                tenant: tenantID,
                audit: Self.event("quick_reply.create", tenantID)
            )
        }

        private func enableAI(_ tenantID: UUID, database: Database) async throws {
            let repository = AIRepository(
                database: database,
                keys: CRMKeys(ring: try AuthConfiguration(reader: ConfigurationSources.reader()).keyRing)
            )
            guard !(try await repository.settings(tenant: tenantID).enabled) else { return }
            let settings = AISettings(
                enabled: true,
                businessDescription: "Loja de demonstração do Sigilo: atende de segunda a sexta, das 9h às 18h.",
                requiresConsent: false
            )
            try await repository.save(settings, tenant: tenantID, audit: Self.event("ai.settings", tenantID))
            let queues = QueueRepository(database: database)
            guard let queue = try await queues.list(tenant: tenantID).first(where: \.isDefault) else { return }
            var changes = QueueChanges()
            changes.autoAnswer = true
            _ = try await queues.update(
                queue.id,
                changes,
                tenant: tenantID,
                audit: Self.event("queue.update", tenantID)
            )
        }

        private static func event(_ action: String, _ tenant: UUID) -> AuditDraft {
            AuditDraft(
                tenantID: tenant,
                actorKind: "operator",
                actorID: "sigilo-dev-seed-relationship",
                action: action,
                resourceType: action.hasPrefix("agent")
                    ? "user" : action.hasPrefix("ai") ? "tenant" : String(action.prefix { $0 != "." }),
                purpose: "customer_service",
                legalBasis: "legitimate_interest"
            )
        }
    }
}
