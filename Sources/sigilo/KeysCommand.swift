import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCrypto

/// `sigilo keys`: the master key ring (generate, rotate, status), the token-signing keys and the
/// audit checkpoint key.
///
/// Both are written to files with mode 0600 and never printed, so they do not end up in a
/// terminal's scrollback or a CI log.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate and rotate keys.",
        subcommands: [
            Generate.self, Rotate.self, Status.self, Bench.self, SigningKey.self, PromoteKey.self, RetireKey.self,
            AuditKey.self, AuditPublicKey.self,
        ]
    )

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

        @Flag(help: "Add the key last, for verification only (stage it on every instance, then promote it).")
        var stage = false

        func run() async throws {
            try await OperatorError.report {
                let entry = SigningKeySet.Entry(kid: SigningKeyMaterial.newKeyID(), d: SigningKeyMaterial.generate())
                var set = FileManager.default.fileExists(atPath: file) ? try KeyFile.readSet(file) : .init(keys: [])
                if stage && !set.keys.isEmpty { set.keys.append(entry) } else { set.keys.insert(entry, at: 0) }
                try KeyFile.writeSet(set, to: file)
                let role = set.keys.first?.kid == entry.kid ? "signs" : "verifies only"
                print("signing key \(entry.kid) added to \(file): it \(role) (\(set.keys.count) key(s))")
            }
        }
    }

    struct PromoteKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Make a key of the set the signing key (the others then only verify)."
        )

        @Option(help: "The key-set file (auth.signingKeysFile).")
        var file: String

        @Option(help: "The key id to sign with.")
        var kid: String

        func run() async throws {
            try await OperatorError.report {
                var set = try KeyFile.readSet(file)
                guard let index = set.keys.firstIndex(where: { $0.kid == kid }) else {
                    throw IdentityAdministration.Failure(description: "\(file) has no key \(kid)")
                }
                set.keys.insert(set.keys.remove(at: index), at: 0)
                try KeyFile.writeSet(set, to: file)
                print("signing key \(kid) now signs; restart the servers to use it")
            }
        }
    }

    struct RetireKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Remove a verify-only key once the tokens it signed have expired."
        )

        @Option(help: "The key-set file (auth.signingKeysFile).")
        var file: String

        @Option(help: "The key id to remove.")
        var kid: String

        func run() async throws {
            try await OperatorError.report {
                var set = try KeyFile.readSet(file)
                guard set.keys.first?.kid != kid else {
                    throw IdentityAdministration.Failure(
                        description: "\(kid) is the signing key; promote another first"
                    )
                }
                guard set.keys.contains(where: { $0.kid == kid }) else {
                    throw IdentityAdministration.Failure(description: "\(file) has no key \(kid)")
                }
                set.keys.removeAll { $0.kid == kid }
                try KeyFile.writeSet(set, to: file)
                print("signing key \(kid) removed; restart the servers")
            }
        }
    }
}

/// Writes key files readable by their owner only.
enum KeyFile {
    static func readSet(_ path: String) throws -> SigningKeySet.File {
        guard let data = FileManager.default.contents(atPath: path),
            let set = try? JSONDecoder().decode(SigningKeySet.File.self, from: data)
        else { throw IdentityAdministration.Failure(description: "\(path) is not a readable signing-key set") }
        return set
    }

    static func writeSet(_ set: SigningKeySet.File, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try replace(at: path, contents: String(decoding: try encoder.encode(set), as: UTF8.self) + "\n")
    }

    static func create(at path: String, contents: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw IdentityAdministration.Failure(description: "\(path) exists; refusing to overwrite a key")
        }
        try replace(at: path, contents: contents)
    }

    /// Writes through a temporary file in the same folder (created 0600, never readable by
    /// others even for a moment), flushed to disk, then renamed over `path`, and the folder
    /// flushed: a crash leaves either the old file or the new one, never a half-written key,
    /// and never a rename the disk forgot.
    static func replace(at path: String, contents: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw IdentityAdministration.Failure(description: "cannot write \(temporary)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw IdentityAdministration.Failure(description: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw IdentityAdministration.Failure(description: "cannot replace \(path)")
        }
        let folder = open(
            (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
            O_RDONLY
        )
        if folder >= 0 {
            _ = fsync(folder)
            _ = close(folder)
        }
    }
}
