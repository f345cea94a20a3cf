import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCrypto

/// `sigilo keys`: generate the master key and the token-signing keys.
///
/// Both are written to files with mode 0600 and never printed, so they do not end up in a
/// terminal's scrollback or a CI log.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate and rotate keys.",
        subcommands: [GenerateMaster.self, SigningKey.self]
    )

    struct GenerateMaster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-master",
            abstract: "Write a new master key (base64, 32 random bytes) to a new file."
        )

        @Option(help: "The file to create; an existing file is never overwritten.")
        var out: String

        func run() async throws {
            try await OperatorError.report {
                try KeyFile.create(at: out, contents: MasterKey.generateBase64() + "\n")
                print("master key written to \(out)")
            }
        }
    }

    struct SigningKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signing-key",
            abstract: "Add a new access-token signing key to a key-set file (created if missing).",
            discussion: """
                The new key signs from the next start; older keys stay for verification. Remove a retired \
                key once the access-token lifetime (15 minutes by default) has passed since the restart.
                """
        )

        @Option(help: "The key-set file (auth.signingKeysFile).")
        var file: String

        func run() async throws {
            try await OperatorError.report {
                let entry = SigningKeySet.Entry(kid: SigningKeyMaterial.newKeyID(), d: SigningKeyMaterial.generate())
                var set = SigningKeySet.File(keys: [])
                if FileManager.default.fileExists(atPath: file) {
                    guard let data = FileManager.default.contents(atPath: file),
                        let existing = try? JSONDecoder().decode(SigningKeySet.File.self, from: data)
                    else { throw IdentityAdministration.Failure(description: "\(file) is not a signing-key set") }
                    set = existing
                }
                set.keys.insert(entry, at: 0)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try KeyFile.replace(at: file, contents: String(decoding: try encoder.encode(set), as: UTF8.self) + "\n")
                print("signing key \(entry.kid) added to \(file) (\(set.keys.count) key(s))")
            }
        }
    }
}

/// Writes key files readable by their owner only.
enum KeyFile {
    static func create(at path: String, contents: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw IdentityAdministration.Failure(description: "\(path) exists; refusing to overwrite a key")
        }
        try replace(at: path, contents: contents)
    }

    /// Writes through a temporary file in the same folder, then renames, so a crash never
    /// leaves a half-written key file.
    static func replace(at path: String, contents: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary,
                contents: Data(contents.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw IdentityAdministration.Failure(description: "cannot write \(temporary)") }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw IdentityAdministration.Failure(description: "cannot replace \(path)")
        }
    }
}
