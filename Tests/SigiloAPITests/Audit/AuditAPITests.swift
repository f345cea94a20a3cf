import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SigiloCore
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

/// The compliance officer's audit API: events with filters and cursor, export that verifies
/// offline, inclusion proofs, verification, each call itself audited.
@Suite("Audit API")
struct AuditAPITests {
    /// Signs a checkpoint of acme's chain now, as the background checkpointer would.
    static func checkpoint(_ fixture: IdentityFixture) async throws -> AuditCheckpoint? {
        let pool = fixture.database.pool()
        return try await pool.whileRunning {
            try await AuditCheckpointer(
                database: pool,
                signer: TestKeys.checkpointSigner,
                archive: nil,
                logger: Logger(label: "test")
            ).checkpoint(tenant: fixture.acme)
        }
    }

    /// The raw body of a GET.
    static func get(
        _ client: some TestClientProtocol,
        _ uri: String,
        token: String
    ) async throws -> (HTTPResponse.Status, Data) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"])
        return (response.status, Data(response.body.readableBytesView))
    }

    @Test("events: filters, cursor pagination, the view comes from the hashed bytes; agents are refused")
    func listEvents() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                let officer = try await client.accessToken("compliance")
                let first = try await client.json(.get, "/audit/events?action=auth.login&limit=2", token: officer)
                #expect(first.status == .ok)
                let events = try #require(first.object["events"] as? [[String: Any]])
                #expect(events.count == 2)
                #expect(
                    events.allSatisfy {
                        $0["action"] as? String == "auth.login" && ($0["hash"] as? String)?.count == 44
                    }
                )
                let next = try #require(first["next"])
                let second = try await client.json(
                    .get,
                    "/audit/events?action=auth.login&limit=2&after=\(next)",
                    token: officer
                )
                let more = try #require(second.object["events"] as? [[String: Any]])
                #expect(more.count == 2)
                let seqs = (events + more).compactMap { $0["seq"] as? Int }
                #expect(seqs == seqs.sorted() && Set(seqs).count == 4)
                let denied = try await client.json(
                    .get,
                    "/audit/events?outcome=x&action=auth.login&outcome=denied",
                    token: officer
                )
                #expect(denied.status == .ok)

                for bad in [
                    "limit=0", "limit=abc", "from=yesterday", "after=-1",
                    "action=" + String(repeating: "a", count: 201),
                ] {
                    let reply = try await client.json(.get, "/audit/events?\(bad)", token: officer)
                    #expect(reply.status == .unprocessableContent && reply.errorCode == "invalid_field", "\(bad)")
                }
                let agent = try await client.accessToken("agent")
                let refused = try await client.json(.get, "/audit/events", token: agent)
                #expect(refused.status == .forbidden)

                // The officer's reads are events too.
                let reads = try await client.json(.get, "/audit/events?action=audit.events.read", token: officer)
                let recorded = try #require(reads.object["events"] as? [[String: Any]])
                #expect(recorded.count == 3)
                #expect(
                    recorded.allSatisfy { $0["actor_id"] as? String == fixture.users["compliance"]?.lowercasedString }
                )
            }
        }
    }

    @Test("time filters select by when events happened")
    func timeFilter() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let officer = try await client.accessToken("compliance")
                let future = try await client.json(.get, "/audit/events?from=2999-01-01T00:00:00Z", token: officer)
                #expect((future.object["events"] as? [Any])?.count == 0)
                let past = try await client.json(.get, "/audit/events?to=2000-01-01T00:00:00.5Z", token: officer)
                #expect((past.object["events"] as? [Any])?.count == 0)
                let now = try await client.json(.get, "/audit/events?from=2000-01-01T00:00:00Z", token: officer)
                #expect(((now.object["events"] as? [Any])?.count ?? 0) >= 1)
            }
        }
    }

    @Test("an NDJSON export verifies offline with the public key, and fails after any one byte is changed")
    func exportVerifiesOffline() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<4 { _ = try await client.login("agent", password: "wrong password, surely") }
                let officer = try await client.accessToken("compliance")
                _ = try await Self.checkpoint(fixture)
                _ = try await client.login("admin", password: "another wrong password")
                let (status, export) = try await Self.get(client, "/audit/export", token: officer)
                #expect(status == .ok)
                let verifier = TestKeys.checkpointSigner.verifier
                let report = try Self.verify(export, [verifier])
                #expect(report.firstSeq == 1 && report.events == 6 && report.checkpoints == 1)

                // Another key is not trusted, whatever the header says.
                let stranger = try NoteSigner.generate(name: verifier.name).verifier
                #expect(throws: AuditExportVerifier.Failure.self) { try Self.verify(export, [stranger]) }

                // Any single byte changed anywhere breaks verification.
                var changed = 0
                for offset in stride(from: 0, to: export.count, by: max(1, export.count / 97)) {
                    var tampered = export
                    tampered[offset] = tampered[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                    #expect(throws: AuditExportVerifier.Failure.self, "byte \(offset)") {
                        try Self.verify(tampered, [verifier])
                    }
                    changed += 1
                }
                #expect(changed >= 97)
                // A cut export (no trailer) fails too.
                let cut = export.prefix(export.count / 2)
                #expect(throws: AuditExportVerifier.Failure.self) { try Self.verify(Data(cut), [verifier]) }
            }
        }
    }

    @Test("an export of a later range starts at the checkpoint before it and verifies on its own")
    func exportFromCheckpoint() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                let size = try #require(try await Self.checkpoint(fixture)?.size)
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                let officer = try await client.accessToken("compliance")
                let (status, export) = try await Self.get(
                    client,
                    "/audit/export?from_seq=\(size + 2)&to_seq=\(size + 3)",
                    token: officer
                )
                #expect(status == .ok)
                let report = try Self.verify(export, [TestKeys.checkpointSigner.verifier])
                #expect(report.firstSeq == size + 1 && report.lastSeq == size + 3)

                let (csvStatus, csv) = try await Self.get(
                    client,
                    "/audit/export?format=csv&to_seq=\(size)",
                    token: officer
                )
                #expect(csvStatus == .ok)
                let rows = String(decoding: csv, as: UTF8.self).split(separator: "\r\n")
                #expect(rows.first?.hasPrefix("record,seq,occurred_at") == true)
                #expect(rows.filter { $0.hasPrefix("event,") }.count == Int(size))
                #expect(rows.filter { $0.hasPrefix("checkpoint,\(size),") }.count == 1)

                for bad in ["format=xml", "from_seq=0", "from_seq=999999", "from=2999-01-01T00:00:00Z"] {
                    let reply = try await client.json(.get, "/audit/export?\(bad)", token: officer)
                    #expect(reply.status == .unprocessableContent, "\(bad)")
                }
            }
        }
    }

    @Test("inclusion proofs verify against the signed root; tampered ones do not; no checkpoint yet is a 409")
    func inclusionProofs() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<5 { _ = try await client.login("agent", password: "wrong password, surely") }
                let officer = try await client.accessToken("compliance")
                let early = try await client.json(.get, "/audit/events/3/proof", token: officer)
                #expect(early.status == .conflict && early.errorCode == "not_checkpointed")
                _ = try await Self.checkpoint(fixture)
                for seq in [1, 3, 6] {
                    let reply = try await client.json(.get, "/audit/events/\(seq)/proof", token: officer)
                    #expect(reply.status == .ok)
                    let note = try #require(reply["signed_note"])
                    let checkpoint = try AuditCheckpoint.open(note, verifiers: [TestKeys.checkpointSigner.verifier])
                    let proof = try #require(reply.object["proof"] as? [String]).compactMap { Data(base64Encoded: $0) }
                    let encoded = try #require(reply["encoded"].flatMap { Data(base64Encoded: $0) })
                    let leaf = MerkleTree.leafHash(encoded)
                    let index = UInt64(seq - 1)
                    #expect(
                        MerkleTree.verifyInclusion(
                            leafHash: leaf,
                            index: index,
                            size: checkpoint.size,
                            proof: proof,
                            root: checkpoint.root
                        )
                    )
                    var tampered = proof
                    if !tampered.isEmpty { tampered[0][0] ^= 1 }
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaf,
                            index: index,
                            size: checkpoint.size,
                            proof: tampered,
                            root: checkpoint.root
                        )
                    )
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leafHash: leaf,
                            index: index + 1,
                            size: checkpoint.size,
                            proof: proof,
                            root: checkpoint.root
                        )
                    )
                }
                // A forged, larger checkpoint row (not signed by a trusted key) is skipped.
                let size = try #require(
                    try await client.json(.get, "/audit/events/1/proof", token: officer).object["tree_size"] as? Int
                )
                for _ in 0..<2 { _ = try await client.login("agent", password: "wrong password, surely") }
                let stranger = try NoteSigner.generate(name: TestKeys.checkpointSigner.verifier.name)
                let forged = AuditCheckpoint(
                    origin: AuditCheckpoint.origin(keyName: stranger.verifier.name, tenant: fixture.acme),
                    size: UInt64(size + 2),
                    root: Data(repeating: 3, count: 32),
                    headHash: Data(repeating: 4, count: 32)
                )
                let hex = { (data: Data) in data.map { String(format: "%02x", $0) }.joined() }
                let owner = fixture.database.pool(owner: true, maximumConnections: 1)
                _ = try await owner.whileRunning {
                    try await owner.strings(
                        unsafeSQL: """
                            INSERT INTO audit_checkpoints (tenant_id, size, root, head_hash, key_id, signed_note, frontier)
                            VALUES ('\(fixture.acme.lowercasedString)', \(size + 2), '\\x\(hex(forged.root))',
                                '\\x\(hex(forged.headHash))', 'forged', '\(try forged.signed(by: stranger))', '\\x')
                            """
                    )
                }
                let skipped = try await client.json(.get, "/audit/events/1/proof", token: officer)
                #expect(skipped.status == .ok && skipped.object["tree_size"] as? Int == size)
                #expect(try await client.json(.get, "/audit/events/9999/proof", token: officer).status == .notFound)
                #expect(
                    try await client.json(.get, "/audit/events/x/proof", token: officer).errorCode == "invalid_field"
                )
            }
        }
    }

    @Test("verify reports an intact chain with its checkpoints, and the first bad event after tampering")
    func verifyEndpoint() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                for _ in 0..<3 { _ = try await client.login("agent", password: "wrong password, surely") }
                _ = try await Self.checkpoint(fixture)
                let officer = try await client.accessToken("compliance")
                let intact = try await client.json(.get, "/audit/verify", token: officer)
                #expect(intact["status"] == "intact")
                #expect(intact.object["checkpoints_matched"] as? Int == 1)
                try await fixture.breakAcmeEventTwo()
                let broken = try await client.json(.get, "/audit/verify", token: officer)
                #expect(broken["status"] == "broken")
                let detail = try #require(broken.object["broken"] as? [String: Any])
                #expect(detail["seq"] as? Int == 2 && detail["reason"] as? String == "hash_mismatch")
            }
        }
    }

    static func verify(_ export: Data, _ verifiers: [NoteVerifier]) throws -> AuditExportVerifier.Report {
        var verifier = AuditExportVerifier(verifiers: verifiers)
        var lines = export.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines { try verifier.feed(Data(line)) }
        return try verifier.finish()
    }
}

extension IdentityFixture {
    /// Changes the stored hash of acme's event 2 as a superuser could (triggers disabled).
    func breakAcmeEventTwo() async throws {
        let owner = database.pool(owner: true, maximumConnections: 1)
        _ = try await owner.whileRunning {
            _ = try await owner.strings(unsafeSQL: "ALTER TABLE audit_events DISABLE TRIGGER USER")
            _ = try await owner.strings(
                unsafeSQL:
                    "UPDATE audit_events SET hash = sha256(hash) WHERE seq = 2 AND tenant_id = '\(acme.lowercasedString)'"
            )
            return try await owner.strings(unsafeSQL: "ALTER TABLE audit_events ENABLE TRIGGER USER")
        }
    }
}
