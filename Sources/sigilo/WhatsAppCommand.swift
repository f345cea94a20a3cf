import ArgumentParser
import Foundation
import SigiloAPI
import SigiloStore

/// `sigilo whatsapp add-channel`: registers a WhatsApp number for a tenant from the command
/// line (the sandbox of `make run`, or an operator's provisioning script). The same as
/// `POST /whatsapp/channels`; secrets come from the environment, never from arguments, so
/// they stay out of the process list and shell history.
struct WhatsAppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatsapp",
        abstract: "Manage tenants' WhatsApp numbers.",
        subcommands: [AddChannel.self]
    )

    struct AddChannel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-channel",
            abstract: "Register a WhatsApp number for a tenant. Secrets are read from WHATSAPP_CHANNEL_ACCESS_TOKEN, "
                + "WHATSAPP_CHANNEL_APP_SECRET and WHATSAPP_CHANNEL_VERIFY_TOKEN. Prints the channel id."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

        @Option(help: "Meta's phone-number id (digits).")
        var phoneNumberID: String

        @Option(help: "Meta's WhatsApp Business Account id (digits).")
        var wabaID: String

        @Option(help: "The number in international form (digits).")
        var displayNumber: String

        @Option(help: "The Graph API base URL (https; http only on 127.0.0.1 for the fake).")
        var graphBaseURL: String = "https://graph.facebook.com/v24.0"

        @Option(help: "A label for people.")
        var label: String?

        @Flag(help: "Succeed without change when the phone-number id is already registered.")
        var ifAbsent = false

        func run() async throws {
            try await OperatorError.report {
                let environment = ProcessInfo.processInfo.environment
                guard let token = environment["WHATSAPP_CHANNEL_ACCESS_TOKEN"],
                    let secret = environment["WHATSAPP_CHANNEL_APP_SECRET"],
                    let verify = environment["WHATSAPP_CHANNEL_VERIFY_TOKEN"]
                else {
                    throw ValidationError(
                        "set WHATSAPP_CHANNEL_ACCESS_TOKEN, WHATSAPP_CHANNEL_APP_SECRET and WHATSAPP_CHANNEL_VERIFY_TOKEN"
                    )
                }
                let reader = ConfigurationSources.reader()
                let databaseConfiguration = try DatabaseConfiguration(reader: reader)
                let auth = try AuthConfiguration(reader: reader)
                let database = CommandDatabase.make(
                    url: databaseConfiguration.applicationURL,
                    configuration: databaseConfiguration,
                    pool: "application"
                )
                let outcome = try await database.whileRunning {
                    try await ChannelProvisioning(database: database, keyRing: auth.keyRing, reader: reader).add(
                        tenantSlug: tenant,
                        body: [
                            "phone_number_id": phoneNumberID, "waba_id": wabaID, "display_number": displayNumber,
                            "graph_base_url": graphBaseURL, "access_token": token, "app_secret": secret,
                            "verify_token": verify, "label": label,
                        ],
                        ifAbsent: ifAbsent
                    )
                }
                print(outcome)
            }
        }
    }
}
