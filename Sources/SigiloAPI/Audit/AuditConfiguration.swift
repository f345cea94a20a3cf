package import Configuration
import Foundation
import SigiloCore
package import SigiloCrypto
package import SigiloStore

/// How the audit trail is signed, archived and checked.
///
/// | key | env | type | default | secret |
/// |---|---|---|---|---|
/// | `audit.checkpointKey` | `AUDIT_CHECKPOINT_KEY` | note signing key (`PRIVATE+KEY+…`) | — | yes |
/// | `audit.checkpointKeyFile` | `AUDIT_CHECKPOINT_KEY_FILE` | path, mode 0600 | one of the two required | no |
/// | `audit.trustedKeys` | `AUDIT_TRUSTED_KEYS` | verifier keys, comma-separated | the signing key's | no |
/// | `audit.checkpointDirectory` | `AUDIT_CHECKPOINT_DIRECTORY` | path outside the database's storage | none (a warning) | no |
/// | `audit.checkpointEvery` | `AUDIT_CHECKPOINT_EVERY` | events, 1…1000000 | 1000 | no |
/// | `audit.checkpointInterval` | `AUDIT_CHECKPOINT_INTERVAL` | duration 1s…1h | 60s | no |
///
/// The signing key never goes into the database: a database superuser who could read it
/// could re-sign a rewritten chain.
package struct AuditConfiguration: Sendable {
    package var signer: NoteSigner
    /// Keys whose checkpoints verification accepts: the signer's, then older ones kept after a
    /// key change.
    package var trusted: [NoteVerifier]
    package var archive: CheckpointArchive?
    package var policy: AuditCheckpointer.Policy

    package init(
        signer: NoteSigner,
        trusted: [NoteVerifier],
        archive: CheckpointArchive?,
        policy: AuditCheckpointer.Policy
    ) {
        self.signer = signer
        self.trusted = trusted
        self.archive = archive
        self.policy = policy
    }

    /// - Throws: ``ConfigurationError`` naming the key, never quoting a value.
    package init(reader: ConfigReader) throws {
        let text = try SecretSource.read(reader, key: "audit.checkpointKey", fileKey: "audit.checkpointKeyFile")
        guard let signer = try? NoteSigner(encoded: text) else {
            throw ConfigurationError(
                key: "audit.checkpointKey",
                expectation: "a note signing key (sigilo keys audit-key writes one)"
            )
        }
        let trusted = try Self.trustedKeys(reader: reader, signing: signer.verifier)
        var policy = AuditCheckpointer.Policy()
        if let raw = reader.string(forKey: "audit.checkpointEvery") {
            policy.every = try ConfigurationValue.integer(raw, key: "audit.checkpointEvery", in: 1...1_000_000)
        }
        if let raw = reader.string(forKey: "audit.checkpointInterval") {
            policy.maxAge = try ConfigurationValue.duration(
                raw,
                key: "audit.checkpointInterval",
                in: .seconds(1) ... .seconds(3600)
            )
            policy.tick = min(policy.tick, policy.maxAge)
        }
        let directory = reader.string(forKey: "audit.checkpointDirectory", default: "")
        self.init(
            signer: signer,
            trusted: trusted,
            archive: directory.isEmpty ? nil : CheckpointArchive(directory: URL(fileURLWithPath: directory)),
            policy: policy
        )
    }

    /// What a verifier needs, read without requiring the private key (an auditor's machine
    /// may hold only public keys): the trusted keys (the signing key's public half when it
    /// is configured, and `audit.trustedKeys`) and the archive directory.
    /// - Throws: ``ConfigurationError`` for a malformed `audit.trustedKeys`.
    package static func verification(
        reader: ConfigReader
    ) throws -> (trusted: [NoteVerifier], archive: CheckpointArchive?) {
        let signer = (try? SecretSource.read(reader, key: "audit.checkpointKey", fileKey: "audit.checkpointKeyFile"))
            .flatMap { try? NoteSigner(encoded: $0) }
        let trusted = try trustedKeys(reader: reader, signing: signer?.verifier)
        let directory = reader.string(forKey: "audit.checkpointDirectory", default: "")
        return (trusted, directory.isEmpty ? nil : CheckpointArchive(directory: URL(fileURLWithPath: directory)))
    }

    /// The signing key's verifier (when known), then `audit.trustedKeys`, without repeats.
    private static func trustedKeys(reader: ConfigReader, signing: NoteVerifier?) throws -> [NoteVerifier] {
        var trusted = signing.map { [$0] } ?? []
        for item in reader.string(forKey: "audit.trustedKeys", default: "").split(separator: ",") {
            guard let verifier = try? NoteVerifier(encoded: String(item)) else {
                throw ConfigurationError(
                    key: "audit.trustedKeys",
                    expectation: "verifier keys (name+id+key), comma-separated"
                )
            }
            if !trusted.contains(verifier) { trusted.append(verifier) }
        }
        return trusted
    }
}
