import Foundation
import HummingbirdTesting
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// The `sigilo` executable's audit commands, run as an operator or auditor would.
@Suite("sigilo audit and key commands")
struct AuditCommandTests {
    /// The `sigilo` binary built next to the test bundle (`swift build --build-tests` builds both).
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sigilo")
    }

    /// Runs `sigilo` with `arguments`; its exit status and standard output.
    static func sigilo(
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"].merging(environment) { _, given in given }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sigilo-\(UUID().uuidString)-\(name)")
    }

    @Test("keys audit-key writes a 0600 key, prints its verifier key, and never overwrites")
    func auditKey() throws {
        let file = Self.temporaryFile("audit.key")
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try Self.sigilo(["keys", "audit-key", "--out", file.path, "--name", "sigilo.test/cli"])
        #expect(status == 0)
        let verifier = try NoteVerifier(encoded: output)
        #expect(verifier.name == "sigilo.test/cli")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let signer = try NoteSigner(encoded: String(decoding: try Data(contentsOf: file), as: UTF8.self))
        #expect(signer.verifier == verifier)
        let printed = try Self.sigilo(["keys", "audit-public-key", "--file", file.path])
        #expect(
            printed.status == 0 && printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == verifier.encoded
        )
        #expect(try Self.sigilo(["keys", "audit-key", "--out", file.path]).status != 0)
    }

    @Test("audit verify --file: OK for an export, BROKEN with exit 1 after one byte changes or with another key")
    func verifyExportFile() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                _ = try await AuditAPITests.checkpoint(fixture)
                let officer = try await client.accessToken("compliance")
                let (_, export) = try await AuditAPITests.get(client, "/audit/export", token: officer)
                let file = Self.temporaryFile("export.ndjson")
                defer { try? FileManager.default.removeItem(at: file) }
                try export.write(to: file)
                let key = TestKeys.checkpointSigner.verifier.encoded

                let good = try Self.sigilo(["audit", "verify", "--file", file.path, "--public-key", key])
                #expect(good.status == 0)
                #expect(
                    good.output.hasPrefix("OK: export of tenant \(fixture.acme.uuidString.lowercased()), events 1…4")
                )

                var tampered = export
                let index = tampered.count / 2
                tampered[index] = tampered[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                try tampered.write(to: file)
                let bad = try Self.sigilo(["audit", "verify", "--file", file.path, "--public-key", key])
                #expect(bad.status == 1)
                #expect(bad.output.hasPrefix("BROKEN: line "))

                try export.write(to: file)
                let stranger = try NoteSigner.generate(name: TestKeys.checkpointSigner.verifier.name).verifier.encoded
                #expect(
                    try Self.sigilo(["audit", "verify", "--file", file.path, "--public-key", stranger]).status == 1
                )
                #expect(try Self.sigilo(["audit", "verify", "--file", file.path]).status != 0)
            }
        }
    }

    @Test("audit verify against the database: one tenant, or every tenant, with a public key only")
    func verifyDatabase() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                _ = try await client.login("globexAdmin", tenant: "globex", password: "wrong password, surely")
            }
            _ = try await AuditAPITests.checkpoint(fixture)
            let environment = [
                "DATABASE_URL": fixture.database.applicationURL.connectionString,
                "DATABASE_OWNER_URL": fixture.database.ownerURL.connectionString,
            ]
            let key = TestKeys.checkpointSigner.verifier.encoded
            let one = try Self.sigilo(
                ["audit", "verify", "--tenant", "acme", "--public-key", key],
                environment: environment
            )
            #expect(one.status == 0)
            #expect(one.output.hasPrefix("OK: events 1…3, chain intact; signed checkpoints matched: 1, the last at 3"))
            let all = try Self.sigilo(["audit", "verify", "--public-key", key], environment: environment)
            #expect(all.status == 0)
            #expect(all.output.contains("acme: OK: events 1…3") && all.output.contains("globex: OK: events 1…1"))
            #expect(all.output.contains("2 tenant(s) verified, 0 broken"))

            try await fixture.breakAcmeEventTwo()
            let broken = try Self.sigilo(["audit", "verify", "--public-key", key], environment: environment)
            #expect(broken.status == 1)
            #expect(broken.output.contains("acme: BROKEN at seq 2: hash_mismatch"))
            #expect(broken.output.contains("2 tenant(s) verified, 1 broken"))
        }
    }
}
