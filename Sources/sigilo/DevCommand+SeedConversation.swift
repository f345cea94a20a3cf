import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCore
import SigiloStore

extension DevCommand {
    /// `sigilo dev seed-conversation`: one customer with a long WhatsApp conversation on the
    /// tenant's first number, sealed as Sigilo stores them, for `make bench` (export and
    /// erasure of a subject with 100,000 messages). Prints `{"contact","conversation"}`.
    struct SeedConversation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-conversation",
            abstract: "Create a customer with a long WhatsApp conversation (for make bench)."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

        @Option(help: "Messages in the conversation.")
        var messages: Int = 100_000

        @Option(help: "The customer's WhatsApp id (digits).")
        var whatsappID: String = "5511900099999"

        @Option(help: "The customer's name.")
        var name: String = "Cliente de Bench"

        func run() async throws {
            try await OperatorError.report {
                guard let whatsappID = WhatsAppID(whatsappID) else {
                    throw ValidationError("--whatsapp-id takes 8 to 15 digits")
                }
                guard (1...2_000_000).contains(messages) else {
                    throw ValidationError("--messages takes 1 to 2,000,000")
                }
                let reader = ConfigurationSources.reader()
                let configuration = try DatabaseConfiguration(reader: reader)
                let auth = try AuthConfiguration(reader: reader)
                let database = CommandDatabase.make(
                    url: configuration.applicationURL,
                    configuration: configuration,
                    pool: "application"
                )
                let seeded = try await database.whileRunning {
                    guard let tenantID = try await TenantRepository(database: database).id(forSlug: tenant) else {
                        throw ValidationError("no tenant has this slug")
                    }
                    return try await ConversationSeeder(database: database, keyRing: auth.keyRing).seed(
                        tenant: tenantID,
                        name: name,
                        whatsappID: whatsappID,
                        messages: messages
                    )
                }
                print(
                    "{\"contact\":\"\(seeded.contact.uuidString.lowercased())\","
                        + "\"conversation\":\"\(seeded.conversation.uuidString.lowercased())\"}"
                )
            }
        }
    }
}
