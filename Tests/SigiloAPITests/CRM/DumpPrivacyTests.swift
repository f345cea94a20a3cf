import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// The promise of field encryption, checked the way an attacker with a backup would: a
/// `pg_dump` of a database filled through the API holds none of the personal data put in.
@Suite("pg_dump holds no plaintext personal data")
struct DumpPrivacyTests {
    /// Seeded values, each of which must be absent from the dump in every form.
    static let secrets = [
        "Maria Quitéria de Jesus", "Quitéria", "Joana Angélica Xavier", "Angélica",
        "maria.quiteria@example.com.br", "joana.angelica@example.org",
        "+5511987654321", "5511987654321", "11987654321", "551187654321", "+5571991234567", "991234567",
        "Prefere contato à tarde", "camarão", "Pediu sem pimenta", "Quer boleto em dezembro", "Mensagem de boas-vindas",
    ]

    @Test("a dump of a database filled through the API contains no seeded name, phone, e-mail, note or message text")
    func dumpHasNoPlaintext() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                let globex = try await client.accessToken("globexAdmin", tenant: "globex")
                for token in [agent, globex] {
                    let maria = try await client.createContact(CRMSamples.maria, token: token)
                    let joana = try await client.createContact(CRMSamples.joana, token: token)
                    for (contact, body) in [
                        (maria, ["kind": "purchase", "product": "Acarajé", "text": "Pediu sem pimenta"]),
                        (joana, ["kind": "note", "text": "Quer boleto em dezembro"]),
                        (joana, ["kind": "message", "text": "Mensagem de boas-vindas"]),
                    ] {
                        let reply = try await client.json(
                            .post,
                            "/contacts/\(contact)/interactions",
                            body: body,
                            token: token
                        )
                        #expect(reply.status == .created)
                    }
                    // Reads and searches leave audit events: those must be clean too.
                    _ = try await client.json(.get, "/contacts/\(maria)", token: token)
                    _ = try await client.json(
                        .post,
                        "/contacts/search",
                        body: ["phone": "+5511987654321"],
                        token: token
                    )
                    _ = try await client.json(
                        .post,
                        "/contacts/search",
                        body: ["email": "joana.angelica@example.org"],
                        token: token
                    )
                    _ = try await client.json(
                        .patch,
                        "/contacts/\(joana)",
                        body: ["notes": "Prefere contato à tarde"],
                        token: token
                    )
                }
            }
            let dump = try Self.pgDump(fixture.database)
            #expect(dump.contains("COPY public.contacts"), "the dump is not a dump")
            #expect(
                dump.contains("Acarajé"),
                "products are clear by design; their presence proves the data is in the dump"
            )
            let lowered = dump.lowercased()
            for secret in Self.secrets {
                #expect(!lowered.contains(secret.lowercased()), "the dump contains '\(secret)'")
                let hex = Data(secret.utf8).map { String(format: "%02x", $0) }.joined()
                #expect(!lowered.contains(hex), "the dump contains '\(secret)' as hex")
            }
        }
    }

    /// A plain-text dump of the test database, as its owner.
    static func pgDump(_ database: TestDatabase) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try pgDumpPath())
        process.arguments = ["--no-owner", "--dbname=\(database.ownerURL.connectionString)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError(message: "pg_dump failed") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The newest `pg_dump` of Debian's PostgreSQL packages, or the one on PATH.
    static func pgDumpPath() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.compactMap(Int.init).sorted(by: >) {
            let path = "\(root)/\(version)/bin/pg_dump"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/pg_dump"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw FixtureError(message: "pg_dump not found: run scripts/install-deps.sh")
    }
}
