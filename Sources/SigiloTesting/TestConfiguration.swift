package import Configuration
import SigiloCrypto
import SigiloStore

/// Configuration readers for tests: the same keys as production, held in memory.
package enum TestConfiguration {
    /// A reader pointing the API at `database`, on an ephemeral port, with `overrides` on top.
    /// - Parameters:
    ///   - database: The test's database.
    ///   - overrides: Extra dotted keys (`http.maxBodySize`) and values.
    package static func reader(database: TestDatabase, overrides: [String: String] = [:]) -> ConfigReader {
        var values: [String: String] = [
            "database.url": database.applicationURL.connectionString,
            "database.ownerUrl": database.ownerURL.connectionString,
            "database.migrationsDirectory": RepositoryPaths.migrations,
            "database.poolSize": "4",
            "http.host": "127.0.0.1",
            "http.port": "0",
            // Every test runs at once on a couple of cores, many of them hashing passwords:
            // a readiness check that expects an answer must not time out for lack of CPU.
            "http.readinessTimeout": "15s",
        ]
        values.merge(overrides) { _, override in override }
        return reader(values)
    }

    /// Identity settings every server needs: test keys and the repository's policies.
    package static var identity: [String: String] {
        [
            "auth.signingKeys": TestKeys.signingKeys,
            "keys.masterKey": TestKeys.masterKey,
            "auth.policiesDirectory": TestPolicies.directory,
            "audit.checkpointKey": TestKeys.checkpointSigner.encoded,
        ]
    }

    /// A reader over `values`, on top of ``identity``.
    package static func reader(_ values: [String: String]) -> ConfigReader {
        let values = identity.merging(values) { _, given in given }
        var entries: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in values {
            entries[AbsoluteConfigKey(stringLiteral: key)] = ConfigValue(
                .string(value),
                isSecret: key.lowercased().hasSuffix("url") || key == "auth.signingKeys" || key == "keys.masterKey"
                    || key == "audit.checkpointKey"
            )
        }
        return ConfigReader(provider: InMemoryProvider(name: "test", values: entries))
    }
}
