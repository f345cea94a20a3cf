import ArgumentParser
import Configuration
import Foundation
import SigiloAPI
import SigiloCrypto
import SigiloStore

/// `sigilo keys generate`, `rotate` and `status`: the master key ring (docs/encryption.md).
extension KeysCommand {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a new master key ring (version 1, 32 random bytes) to a new file, mode 0600.",
            aliases: ["generate-master"]
        )

        @Option(help: "The file to create; an existing file is never overwritten.")
        var out: String

        func run() async throws {
            try await OperatorError.report {
                let header = "# Sigilo master key ring: <version>:<base64 key>, the highest version wraps new keys.\n"
                try KeyFile.create(at: out, contents: header + "1:\(MasterKey.generateBase64())\n")
                print("master key ring written to \(out)")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Add a master-key version to the ring file and rewrap every stored key under it.",
            discussion: """
                Reads KEYS_MASTER_KEY_FILE (the ring) and DATABASE_OWNER_URL. Servers keep running: they \
                read the ring file again when they meet the new version. An interrupted rotation resumes \
                when the command runs again (no second version is added). Exits 1 when some key could \
                not be opened (an integrity incident, named in the output).
                """
        )

        @Option(help: "Keys rewrapped per transaction.")
        var batchSize = 500

        @Flag(help: "Add no version: rewrap keys still under older versions to the current one (stragglers).")
        var sweep = false

        func run() async throws {
            try await OperatorError.report {
                guard (1...10_000).contains(batchSize) else {
                    throw IdentityAdministration.Failure(description: "--batch-size must be 1 to 10000")
                }
                let reader = ConfigurationSources.reader()
                guard let path = reader.string(forKey: "keys.masterKeyFile"), !path.isEmpty else {
                    throw IdentityAdministration.Failure(
                        description: """
                            rotation appends a version to the ring file: set KEYS_MASTER_KEY_FILE (a ring given \
                            inline in KEYS_MASTER_KEY cannot be rewritten; see docs/encryption.md)
                            """
                    )
                }
                let database = try DatabaseConfiguration(reader: reader)
                let owner = CommandDatabase.make(url: database.ownerURL, configuration: database, pool: "owner")
                let progress = try await owner.whileRunning {
                    try await Self.rotate(ringFile: path, owner: owner, batchSize: batchSize, sweep: sweep)
                }
                guard progress.finished else {
                    if !progress.unreadable.isEmpty {
                        let rows = progress.unreadable.map { $0.uuidString.lowercased() }.joined(separator: " ")
                        print("\(progress.unreadable.count) value(s) did not open and were left as they were: \(rows)")
                    }
                    throw ExitCode(1)
                }
            }
        }

        static func rotate(
            ringFile path: String,
            owner: Database,
            batchSize: Int,
            sweep: Bool
        ) async throws -> KeyRotation.Progress {
            let holder = KeyRingHolder(try readRing(path), minimumReloadGap: .zero) { try readRing(path) }
            let rotation = KeyRotation(database: owner, ring: holder)
            let target: MasterKey
            if let unfinished = try await rotation.unfinished() {
                if let key = holder.ring.key(version: unfinished) {
                    target = key
                } else if try await rotation.census().allSatisfy({ $0.version != unfinished }),
                    unfinished == holder.ring.current.version + 1
                {
                    // A run claimed the version and stopped before writing its key: nothing is
                    // under it yet, so a fresh key can take the version.
                    target = try appendVersion(to: path, holder: holder)
                } else {
                    throw IdentityAdministration.Failure(
                        description: "an unfinished rotation targets version \(unfinished), which \(path) lacks"
                    )
                }
                print("resuming the rotation to master-key version \(unfinished)")
            } else if sweep {
                target = holder.ring.current
                try await rotation.begin(target: target.version)
                print("rewrapping keys left under versions older than \(target.version)")
            } else {
                let version = holder.ring.current.version + 1
                do {
                    try await rotation.claim(target: version)
                } catch let error as StoreError where error.code == .conflict {
                    throw IdentityAdministration.Failure(
                        description:
                            "another `sigilo keys rotate` claimed version \(version); run this again once it ends"
                    )
                }
                target = try appendVersion(to: path, holder: holder)
                print("master-key version \(target.version) added to \(path); rewrapping keys")
            }
            let progress = try await rotation.run(to: target, batchSize: batchSize) { progress in
                print("rewrapped \(progress.rewrapped)")
            }
            if progress.finished {
                print(
                    "rotation to version \(target.version) finished: \(progress.rewrapped) rewrapped "
                        + "(tenants' index keys, contacts' data keys, users' e-mails)"
                )
                print("older versions may leave the ring once `sigilo keys status` shows nothing under them")
            }
            if !progress.finished, progress.remaining > 0 {
                print("\(progress.remaining) key(s) were held by other transactions; run `sigilo keys rotate` again")
            }
            return progress
        }

        /// Appends a new random key one above the ring's current version to the ring file.
        static func appendVersion(to path: String, holder: KeyRingHolder) throws -> MasterKey {
            let entry = holder.ring.nextEntry()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try KeyFile.replace(at: path, contents: text + (text.hasSuffix("\n") ? "" : "\n") + entry.line + "\n")
            holder.refresh()
            guard let key = holder.ring.key(version: entry.version) else {
                throw IdentityAdministration.Failure(description: "\(path) did not keep the new version")
            }
            return key
        }

        static func readRing(_ path: String) throws -> MasterKeyRing {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw IdentityAdministration.Failure(description: "\(path) is not readable")
            }
            do {
                return try MasterKeyRing(text: text)
            } catch {
                throw IdentityAdministration.Failure(description: "\(path): \(error)")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the ring's versions, how many stored keys each version wraps, and any unfinished rotation."
        )

        func run() async throws {
            try await OperatorError.report {
                let reader = ConfigurationSources.reader()
                let ring: MasterKeyRing
                if let path = reader.string(forKey: "keys.masterKeyFile"), !path.isEmpty {
                    ring = try Rotate.readRing(path)
                } else if let inline = reader.string(forKey: "keys.masterKey", isSecret: true), !inline.isEmpty {
                    guard let parsed = try? MasterKeyRing(text: inline) else {
                        throw IdentityAdministration.Failure(description: "KEYS_MASTER_KEY is not a key ring")
                    }
                    ring = parsed
                } else {
                    throw IdentityAdministration.Failure(description: "set KEYS_MASTER_KEY_FILE or KEYS_MASTER_KEY")
                }
                let database = try DatabaseConfiguration(reader: reader)
                let owner = CommandDatabase.make(url: database.ownerURL, configuration: database, pool: "owner")
                let rotation = KeyRotation(database: owner, ring: KeyRingHolder(ring))
                let (census, unfinished) = try await owner.whileRunning {
                    (try await rotation.census(), try await rotation.unfinished())
                }
                print(
                    "ring versions: \(ring.versions.map(String.init).joined(separator: ", ")) (current \(ring.current.version))"
                )
                for line in census {
                    let known = ring.key(version: line.version) == nil ? "  MISSING FROM THE RING" : ""
                    print("\(line.table): \(line.count) under version \(line.version)\(known)")
                }
                if let unfinished { print("unfinished rotation to version \(unfinished): run `sigilo keys rotate`") }
            }
        }
    }
}
