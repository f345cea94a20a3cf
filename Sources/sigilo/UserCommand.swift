import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCrypto
import SigiloStore

/// `sigilo user create`: the operator adds a tenant's first admin (admins add the rest through
/// the API). The password is read from standard input, never from an argument, so it does not
/// show in the process list or shell history; `--generate-password` prints a random one.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users of a tenant.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. Reads the password from standard input unless --generate-password."
        )

        @Option(help: "The tenant's slug.")
        var tenant: String

        @Option(help: "The user's e-mail address (the login name).")
        var email: String

        @Option(
            name: .customLong("role"),
            help: "A role from policies/roles.json (repeatable): admin, agent, compliance."
        )
        var roles: [String] = []

        @Flag(help: "Generate a random password and print it once.")
        var generatePassword = false

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let database = try DatabaseConfiguration(reader: reader)
                let administration = IdentityAdministration(configuration: try AuthConfiguration(reader: reader))
                let password = generatePassword ? OpaqueSecret.generate() : try Self.readPassword()
                let pool = CommandDatabase.make(
                    url: database.applicationURL,
                    configuration: database,
                    pool: "application"
                )
                let id = try await pool.whileRunning {
                    try await administration.createUser(
                        tenant: tenant,
                        email: email,
                        roles: roles,
                        password: password,
                        database: pool
                    )
                }
                print("user created: \(id.uuidString.lowercased())")
                if generatePassword { print("password: \(password)") }
            }
        }

        /// The first line of standard input, without its line break.
        private static func readPassword() throws -> String {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw IdentityAdministration.Failure(
                    description: "give the password on standard input (or --generate-password)"
                )
            }
            return line
        }
    }
}
