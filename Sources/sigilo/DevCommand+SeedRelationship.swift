import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCore
import SigiloStore

extension DevCommand {
    /// `sigilo dev seed-relationship`: the demo's attendance, once: a default queue
    /// "Atendimento" open Monday to Friday, 09:00–18:00 in São Paulo, with an out-of-hours
    /// reply, every admin and agent of the tenant as its available members, and a quick reply.
    /// Does nothing when the tenant already has a queue.
    struct SeedRelationship: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-relationship",
            abstract: "Give a tenant a default queue with its people available (for make run)."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

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

        private static func event(_ action: String, _ tenant: UUID) -> AuditDraft {
            AuditDraft(
                tenantID: tenant,
                actorKind: "operator",
                actorID: "sigilo-dev-seed-relationship",
                action: action,
                resourceType: action.hasPrefix("agent") ? "user" : String(action.prefix { $0 != "." }),
                purpose: "customer_service",
                legalBasis: "legitimate_interest"
            )
        }
    }
}
