import Foundation

/// A copy of `policies/` whose Argon2id parameters are the floor (m=19 MiB, t=2) rather than
/// the default (m=64 MiB, t=3), so the whole suite's hundreds of hashes fit on two cores.
/// Tests of the shipped policy itself point `auth.policiesDirectory` at
/// ``RepositoryPaths/policies``.
package enum TestPolicies {
    /// The directory, created once per test process.
    package static let directory: String = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sigilo-test-policies-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["roles.json", "common-passwords.txt", "retention.json", "processing.json", "pii-map.json"] {
            try? FileManager.default.copyItem(
                atPath: RepositoryPaths.policies + "/" + name,
                toPath: folder.appendingPathComponent(name).path
            )
        }
        let passwords = """
            {"version": 1,
             "argon2id": {"memory_kib": 19456, "iterations": 2, "parallelism": 1},
             "ceiling": {"memory_kib": 262144, "iterations": 10, "parallelism": 4}}
            """
        try? Data(passwords.utf8).write(to: folder.appendingPathComponent("passwords.json"))
        return folder.path
    }()
}
