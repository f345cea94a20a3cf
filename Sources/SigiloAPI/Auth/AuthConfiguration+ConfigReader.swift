package import Configuration
import Foundation
import SigiloCore
import SigiloCrypto
import SigiloStore

extension AuthConfiguration {
    /// Reads identity configuration.
    ///
    /// | key | env | type | default | secret |
    /// |---|---|---|---|---|
    /// | `auth.signingKeys` | `AUTH_SIGNING_KEYS` | JSON key set (docs/auth.md) | — | yes |
    /// | `auth.signingKeysFile` | `AUTH_SIGNING_KEYS_FILE` | path, mode 0600 | one of the two required | no |
    /// | `keys.masterKey` | `KEYS_MASTER_KEY` | key ring text (`1:<base64>`, docs/encryption.md) | — | yes |
    /// | `keys.masterKeyFile` | `KEYS_MASTER_KEY_FILE` | path, mode 0600 | one of the two required | no |
    /// | `auth.issuer` | `AUTH_ISSUER` | text | `sigilo` | no |
    /// | `auth.audience` | `AUTH_AUDIENCE` | text | `sigilo-api` | no |
    /// | `auth.accessTokenLifetime` | `AUTH_ACCESS_TOKEN_LIFETIME` | duration 1m…1h | 15m | no |
    /// | `auth.refreshTokenLifetime` | `AUTH_REFRESH_TOKEN_LIFETIME` | duration 1h…90d | 30d | no |
    /// | `auth.policiesDirectory` | `AUTH_POLICIES_DIRECTORY` | path | `policies` | no |
    /// | `auth.hashQueueLimit` | `AUTH_HASH_QUEUE_LIMIT` | integer 0…10000 | 64 | no |
    /// | `auth.throttle.accountFailures` | `AUTH_THROTTLE_ACCOUNT_FAILURES` | integer 1…1000 | 5 | no |
    /// | `auth.throttle.addressFailures` | `AUTH_THROTTLE_ADDRESS_FAILURES` | integer 1…100000 | 50 | no |
    ///
    /// The policies directory holds `roles.json`, `passwords.json` and `common-passwords.txt`.
    /// - Throws: ``ConfigurationError`` naming the key, never quoting a value.
    package init(reader: ConfigReader) throws {
        let keySet = try SecretSource.read(reader, key: "auth.signingKeys", fileKey: "auth.signingKeysFile")
        let signingKeys = try SigningKeySet(json: Data(keySet.utf8), key: "auth.signingKeys")
        let keyRing = try Self.keyRing(reader)
        let policies = reader.string(forKey: "auth.policiesDirectory", default: "policies")
        let passwords = try PasswordPolicyFile.load(directory: policies)
        let accessLifetime = try reader.string(forKey: "auth.accessTokenLifetime").map {
            try ConfigurationValue.duration($0, key: "auth.accessTokenLifetime", in: .seconds(60) ... .seconds(3600))
        }
        let refreshLifetime = try reader.string(forKey: "auth.refreshTokenLifetime").map {
            try ConfigurationValue.duration(
                $0,
                key: "auth.refreshTokenLifetime",
                in: .seconds(3600) ... .seconds(90 * 86_400)
            )
        }
        let queueLimit = try reader.string(forKey: "auth.hashQueueLimit").map {
            try ConfigurationValue.integer($0, key: "auth.hashQueueLimit", in: 0...10_000)
        }
        var account = Self.defaultAccountThrottle
        var address = Self.defaultAddressThrottle
        if let raw = reader.string(forKey: "auth.throttle.accountFailures") {
            account.threshold = try ConfigurationValue.integer(raw, key: "auth.throttle.accountFailures", in: 1...1000)
        }
        if let raw = reader.string(forKey: "auth.throttle.addressFailures") {
            address.threshold = try ConfigurationValue.integer(
                raw,
                key: "auth.throttle.addressFailures",
                in: 1...100_000
            )
        }
        self.init(
            signingKeys: signingKeys,
            keyRing: keyRing,
            issuer: try Self.name(reader, key: "auth.issuer", default: "sigilo"),
            audience: try Self.name(reader, key: "auth.audience", default: "sigilo-api"),
            accessTokenLifetime: accessLifetime ?? .seconds(900),
            refreshTokenLifetime: refreshLifetime ?? .seconds(30 * 86_400),
            permissions: try PolicyFiles.roles(directory: policies),
            passwordRules: try PolicyFiles.commonPasswords(directory: policies),
            argon2: passwords.argon2id,
            argon2Ceiling: passwords.ceiling,
            hashQueueLimit: queueLimit ?? 64,
            accountThrottle: account,
            addressThrottle: address
        )
    }

    /// The master key ring; given as a file, it is read again when a wrapped key names a
    /// version it lacks (a rotation in progress) and by ``KeyRingRefresher``.
    private static func keyRing(_ reader: ConfigReader) throws -> KeyRingHolder {
        let text = try SecretSource.read(reader, key: "keys.masterKey", fileKey: "keys.masterKeyFile")
        let expectation = "a key ring: 32 random bytes in base64, or <version>:<base64> entries (docs/encryption.md)"
        guard let ring = try? MasterKeyRing(text: text) else {
            throw ConfigurationError(key: "keys.masterKey", expectation: expectation)
        }
        guard let path = SecretSource.filePath(reader, key: "keys.masterKey", fileKey: "keys.masterKeyFile") else {
            return KeyRingHolder(ring)
        }
        return KeyRingHolder(ring) {
            try MasterKeyRing(text: try SecretSource.readFile(path, fileKey: "keys.masterKeyFile"))
        }
    }

    private static func name(_ reader: ConfigReader, key: String, default value: String) throws -> String {
        let text = reader.string(forKey: ConfigKey(key), default: value)
        guard (1...200).contains(text.count), !text.contains(where: { $0.isWhitespace }) else {
            throw ConfigurationError(key: key, expectation: "1 to 200 characters without spaces")
        }
        return text
    }
}
