import ArgumentParser
import Foundation
import Logging
import Metrics
import SigiloAPI
import SigiloStore

/// `sigilo tenant create`: the operator adds a company (there is no open sign-up).
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Manage tenants (the companies that use Sigilo).",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant, as DATABASE_OWNER_URL's role. Prints its id."
        )

        @Option(help: "Short name used at login: a-z, 0-9 and -, 2 to 63 characters.")
        var slug: String

        @Option(help: "Display name.")
        var name: String

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let database = try DatabaseConfiguration(reader: reader)
                let administration = IdentityAdministration(configuration: try AuthConfiguration(reader: reader))
                let owner = CommandDatabase.make(url: database.ownerURL, configuration: database, pool: "owner")
                let tenant = try await owner.whileRunning {
                    try await administration.createTenant(slug: slug, name: name, ownerDatabase: owner)
                }
                print("tenant \(tenant.slug) created: \(tenant.id.uuidString.lowercased())")
            }
        }
    }
}

/// A one-connection pool for a command.
enum CommandDatabase {
    static func make(url: DatabaseURL, configuration: DatabaseConfiguration, pool: String) -> Database {
        Database(
            url: url,
            maximumConnections: 1,
            connectTimeout: configuration.connectTimeout,
            pool: pool,
            metricsFactory: NOOPMetricsHandler.instance,
            logger: Logger(label: "sigilo.command", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}
