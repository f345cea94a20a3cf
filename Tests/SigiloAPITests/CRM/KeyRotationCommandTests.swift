import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// `sigilo keys rotate` and `keys status` as an operator runs them, against a server that keeps
/// serving contacts from the same ring file.
@Suite("keys rotate command")
struct KeyRotationCommandTests {
    @Test("keys rotate adds a version, rewraps every key while the server serves, and the server reads on")
    func rotateWithServer() async throws {
        let ring = AuditCommandTests.temporaryFile("ring.keys")
        defer { try? FileManager.default.removeItem(at: ring) }
        #expect(try AuditCommandTests.sigilo(["keys", "generate", "--out", ring.path]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: ring.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let overrides = ["keys.masterKey": "", "keys.masterKeyFile": ring.path]
        try await IdentityFixture.with(overrides: overrides) { fixture, app in
            try await app.test(.router) { client in
                let agent = try await client.accessToken("agent")
                var ids: [String] = []
                for index in 0..<5 {
                    var body = CRMSamples.maria
                    body["name"] = "Cliente \(index)"
                    ids.append(try await client.createContact(body, token: agent))
                }
                let environment = [
                    "DATABASE_URL": fixture.database.applicationURL.connectionString,
                    "DATABASE_OWNER_URL": fixture.database.ownerURL.connectionString,
                    "KEYS_MASTER_KEY_FILE": ring.path,
                ]
                let rotated = try AuditCommandTests.sigilo(
                    ["keys", "rotate", "--batch-size", "2"],
                    environment: environment
                )
                #expect(rotated.status == 0)
                #expect(rotated.output.contains("master-key version 2 added"))
                #expect(rotated.output.contains("rotation to version 2 finished: 10 rewrapped"))
                #expect(try MasterKeyRing(text: String(contentsOf: ring, encoding: .utf8)).versions == [1, 2])
                // This server has not read version 2 yet; the users it finds were resealed under it.
                #expect(try await client.login("compliance").status == .ok)

                for (index, id) in ids.enumerated() {
                    let read = try await client.json(.get, "/contacts/\(id)", token: agent)
                    #expect(read["name"] == "Cliente \(index)")
                }
                let search = try await client.json(
                    .post,
                    "/contacts/search",
                    body: ["phone": "+5511987654321"],
                    token: agent
                )
                #expect(search.contacts.count == 5)

                let status = try AuditCommandTests.sigilo(["keys", "status"], environment: environment)
                #expect(status.status == 0)
                #expect(status.output.contains("ring versions: 1, 2 (current 2)"))
                #expect(status.output.contains("subject_keys: 5 under version 2"))
                #expect(status.output.contains("users: 4 under version 2"))
                #expect(!status.output.contains("version 1\n"))
                // Version 1 can now leave the ring: users' e-mails and lookups moved to version 2 too.
                let ringText = try String(contentsOf: ring, encoding: .utf8)
                let onlyTwo = ringText.split(separator: "\n").filter { $0.hasPrefix("2:") }.joined(separator: "\n")
                try (onlyTwo + "\n").write(to: ring, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ring.path)
                let first = ids[0]
                let restarted = try await buildApplication(reader: fixture.reader, logger: silentLogger)
                try await restarted.test(.router) { fresh in
                    let admin = try await fresh.accessToken("admin")
                    let users = try await fresh.json(.get, "/users", token: admin)
                    let emails = (users.object["users"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
                    #expect(Set(emails) == ["admin@acme.example", "agent@acme.example", "compliance@acme.example"])
                    let contact = try await fresh.json(.get, "/contacts/\(first)", token: admin)
                    #expect(contact["name"] == "Cliente 0")
                }
                try (ringText).write(to: ring, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ring.path)

                let swept = try AuditCommandTests.sigilo(["keys", "rotate", "--sweep"], environment: environment)
                #expect(swept.status == 0)
                #expect(swept.output.contains("rotation to version 2 finished: 0 rewrapped"))
                let again = try AuditCommandTests.sigilo(["keys", "rotate"], environment: environment)
                #expect(again.output.contains("master-key version 3 added"))
            }
        }
    }

    @Test("keys rotate refuses a ring given inline, and a bad batch size, with a clear message")
    func refusals() throws {
        let inline = try AuditCommandTests.sigilo(
            ["keys", "rotate"],
            environment: ["KEYS_MASTER_KEY": MasterKey.generateBase64()]
        )
        #expect(inline.status != 0)
        let batch = try AuditCommandTests.sigilo(["keys", "rotate", "--batch-size", "0"])
        #expect(batch.status != 0)
    }
}
