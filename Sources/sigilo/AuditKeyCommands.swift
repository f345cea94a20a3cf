import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCrypto

extension KeysCommand {
    struct AuditKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-key",
            abstract: "Write a new audit checkpoint signing key (Ed25519, C2SP note key) to a new file.",
            discussion: """
                Prints the public (verifier) key: give it to whoever verifies exports (--public-key). \
                Keep the private key out of the database and its backups (audit.checkpointKeyFile).
                """
        )

        @Option(help: "The file to create; an existing file is never overwritten.")
        var out: String

        @Option(help: "The key name, a schema-less URL naming your deployment.")
        var name = "sigilo.local/audit"

        func run() async throws {
            try await OperatorError.report {
                let signer = try NoteSigner.generate(name: name)
                try KeyFile.create(at: out, contents: signer.encoded + "\n")
                print(signer.verifier.encoded)
            }
        }
    }

    struct AuditPublicKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-public-key",
            abstract: "Print the verifier key of an audit checkpoint signing key file."
        )

        @Option(help: "The signing key file (audit.checkpointKeyFile).")
        var file: String

        func run() async throws {
            try await OperatorError.report {
                guard let data = FileManager.default.contents(atPath: file),
                    let signer = try? NoteSigner(encoded: String(decoding: data, as: UTF8.self))
                else { throw IdentityAdministration.Failure(description: "\(file) is not an audit checkpoint key") }
                print(signer.verifier.encoded)
            }
        }
    }
}
