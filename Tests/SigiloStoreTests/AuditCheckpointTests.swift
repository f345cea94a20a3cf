import Foundation
import Logging
import SigiloCore
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

/// Signed checkpoints: what they catch that the chain alone cannot (a consistent rewrite, a
/// cut tail with its head moved back), and checkpoints that must not be trusted.
@Suite("Signed audit checkpoints")
struct AuditCheckpointTests {
    private static let signer = TestKeys.checkpointSigner

    /// A checkpointer on `pool` with no archive and the given cadence.
    private static func checkpointer(
        on pool: Database,
        every: Int,
        maxAge: Duration = .seconds(60)
    ) -> AuditCheckpointer {
        AuditCheckpointer(
            database: pool,
            signer: signer,
            archive: nil,
            policy: .init(every: every, maxAge: maxAge),
            logger: Logger(label: "test")
        )
    }

    /// A tenant with `events` events and a checkpoint at the head, archived under `archive`.
    private func checkpointed(
        _ database: TestDatabase,
        events: Int,
        archive: CheckpointArchive
    ) async throws -> UUID {
        let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
        try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 4, count: events)
        let checkpoint = try await checkpointer(database, archive).checkpoint(tenant)
        #expect(checkpoint?.size == UInt64(events))
        return tenant
    }

    private func checkpointer(_ database: TestDatabase, _ archive: CheckpointArchive?) -> CheckpointerHandle {
        CheckpointerHandle(database: database, archive: archive)
    }

    private func verify(
        _ database: TestDatabase,
        _ tenant: UUID,
        archive: CheckpointArchive?,
        from: UInt64 = 1
    ) async throws -> AuditVerifier.Report {
        let pool = database.pool()
        return try await pool.whileRunning {
            try await AuditVerifier(database: pool, verifiers: [Self.signer.verifier], archive: archive)
                .verify(tenant: tenant, from: from)
        }
    }

    /// The events of `tenant` as the owner reads them.
    private func events(_ database: TestDatabase, _ tenant: UUID) async throws -> [AuditEvent] {
        let owner = database.pool(owner: true)
        let rows = try await owner.whileRunning {
            try await owner.strings(unsafeSQL: "SELECT encode(encoded, 'hex') FROM audit_events ORDER BY seq")
        }
        return try rows.map { try AuditEncoding.decode(Array(Data(hex: $0))) }
    }

    /// SQL that rewrites the chain from `events`, consistently: bytes, columns, hashes, head.
    private func rewrite(_ events: [AuditEvent], tenant: UUID) throws -> String {
        var previous = AuditChain.genesis
        var statements: [String] = []
        for event in events {
            let sealed = try AuditChain.seal(event, previous: previous)
            statements.append(
                """
                UPDATE audit_events SET action = '\(event.action)', encoded = '\\x\(Data(sealed.bytes).hex)',
                    prev_hash = '\\x\(previous.hex)', hash = '\\x\(sealed.hash.hex)', leaf = '\\x\(sealed.leaf.hex)'
                WHERE seq = \(event.seq)
                """
            )
            previous = sealed.hash
        }
        statements.append("UPDATE audit_heads SET hash = '\\x\(previous.hex)'")
        return statements.joined(separator: ";")
    }

    @Test("the checkpointer signs the head; the chain verifies against it, from the start or from a checkpoint")
    func signsAndVerifies() async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 30, archive: archive.archive)
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 2, count: 10)
            let second = try await checkpointer(database, archive.archive).checkpoint(tenant)
            #expect(second?.size == 40)
            #expect(try await checkpointer(database, archive.archive).checkpoint(tenant) == nil)
            #expect(try archive.archive.notes(tenant: tenant).count == 2)

            let report = try await verify(database, tenant, archive: archive.archive)
            #expect(report.outcome == .intact(events: 40))
            #expect(report.checkpointsMatched == 2 && report.lastCheckpoint == 40)
            let partial = try await verify(database, tenant, archive: archive.archive, from: 35)
            #expect(partial.outcome == .intact(events: 40))
            #expect(partial.firstSeq == 31)
        }
    }

    @Test("a chain rewritten consistently (bytes, hashes and head) after its checkpoint is caught")
    func consistentRewrite() async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 20, archive: archive.archive)
            var forged = try await events(database, tenant)
            forged[6].action = "contact.export"
            try await AuditSupport.tamper(database, try rewrite(forged, tenant: tenant))
            // Without checkpoints the rewrite is invisible…
            let pool = database.pool()
            let chainOnly = try await pool.whileRunning {
                try await AuditVerifier(database: pool).verify(tenant: tenant)
            }
            #expect(chainOnly.outcome == .intact(events: 20))
            // …with them, it is caught; also when the database's own checkpoints are deleted.
            #expect(
                try await verify(database, tenant, archive: nil).outcome == .broken(seq: 1, reason: .checkpointMismatch)
            )
            try await AuditSupport.tamper(database, "DELETE FROM audit_checkpoints")
            #expect(
                try await verify(database, tenant, archive: archive.archive).outcome
                    == .broken(seq: 1, reason: .checkpointMismatch)
            )
        }
    }

    @Test("the checkpointer refuses to sign events that do not verify since the last checkpoint")
    func refusesBrokenChain() async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 10, archive: archive.archive)
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 1, count: 5)
            try await AuditSupport.tamper(
                database,
                "UPDATE audit_events SET hash = sha256(hash) WHERE seq = 13"
            )
            do {
                _ = try await checkpointer(database, archive.archive).checkpoint(tenant)
                Issue.record("a broken chain was signed")
            } catch let refused as AuditCheckpointer.Refused {
                #expect(refused.seq == 13 && refused.reason == "hash_mismatch")
            }
            #expect(try archive.archive.notes(tenant: tenant).count == 1)
        }
    }

    @Test("a tail cut together with its head is caught by the checkpoint")
    func truncatedTail() async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 20, archive: archive.archive)
            try await AuditSupport.tamper(
                database,
                """
                DELETE FROM audit_events WHERE seq > 15;
                UPDATE audit_heads SET seq = 15, hash = (SELECT hash FROM audit_events WHERE seq = 15);
                DELETE FROM audit_checkpoints
                """
            )
            let report = try await verify(database, tenant, archive: archive.archive)
            #expect(report.outcome == .broken(seq: 16, reason: .truncated))
        }
    }

    @Test(
        "checkpoints that must not be trusted are rejected",
        arguments: [
            ("signed by another key", "wrong_key", "checkpoint_invalid"),
            ("an edited root in the note", "edited_note", "checkpoint_invalid"),
            ("columns that differ from the note", "edited_columns", "checkpoint_invalid"),
            ("validly signed, same size, another root", "other_root", "checkpoint_mismatch"),
            ("validly signed, the archive disagrees", "fork", "fork"),
        ]
    )
    func untrustedCheckpoints(name: String, attack: String, reason: String) async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 12, archive: archive.archive)
            let origin = AuditCheckpoint.origin(keyName: Self.signer.verifier.name, tenant: tenant)
            let other = AuditCheckpoint(
                origin: origin,
                size: 12,
                root: Data(repeating: 7, count: 32),
                headHash: Data(repeating: 8, count: 32)
            )
            var useArchive = false
            let sql: String
            switch attack {
            case "wrong_key":
                let stranger = try NoteSigner.generate(name: Self.signer.verifier.name)
                sql =
                    "UPDATE audit_checkpoints SET signed_note = '\(try other.signed(by: stranger))', root = '\\x\(other.root.hex)', head_hash = '\\x\(other.headHash.hex)'"
            case "edited_note":
                let note = try AuditCheckpoint(origin: origin, size: 12, root: other.root, headHash: other.headHash)
                    .signed(by: Self.signer)
                let edited = note.replacingOccurrences(
                    of: other.root.base64EncodedString(),
                    with: Data(repeating: 9, count: 32).base64EncodedString()
                )
                sql = "UPDATE audit_checkpoints SET signed_note = '\(edited)'"
            case "edited_columns":
                sql = "UPDATE audit_checkpoints SET root = '\\x\(other.root.hex)'"
            case "other_root":
                sql =
                    "UPDATE audit_checkpoints SET signed_note = '\(try other.signed(by: Self.signer))', root = '\\x\(other.root.hex)', head_hash = '\\x\(other.headHash.hex)'"
            default:
                useArchive = true
                sql =
                    "UPDATE audit_checkpoints SET signed_note = '\(try other.signed(by: Self.signer))', root = '\\x\(other.root.hex)', head_hash = '\\x\(other.headHash.hex)'"
            }
            try await AuditSupport.tamper(database, sql)
            let report = try await verify(database, tenant, archive: useArchive ? archive.archive : nil)
            guard case .broken(_, let found) = report.outcome else {
                Issue.record("\(name): accepted")
                return
            }
            #expect(found.rawValue == reason, "\(name)")
        }
    }

    @Test("the checkpointer takes chains that are due: every N events, or a stale one after the interval")
    func dueChains() async throws {
        try await TestDatabase.withMigrated { database in
            let ids = try await AuditSupport.tenants(database, ["acme", "globex"])
            try await AuditSupport.appendConcurrently(database, tenants: [ids[0]], writers: 2, count: 10)
            try await AuditSupport.appendConcurrently(database, tenants: [ids[1]], writers: 2, count: 3)
            let pool = database.pool()
            let sizes = try await pool.whileRunning { () async throws -> [String] in
                let checkpointer = Self.checkpointer(on: pool, every: 10, maxAge: .seconds(3600))
                await checkpointer.checkpointDueChains()
                let acme = try await pool.strings(
                    unsafeSQL: "SELECT size::text FROM audit_checkpoints",
                    asTenant: ids[0]
                )
                let globex = try await pool.strings(
                    unsafeSQL: "SELECT size::text FROM audit_checkpoints",
                    asTenant: ids[1]
                )
                return acme + ["|"] + globex
            }
            #expect(sizes == ["10", "|"])
            let second = database.pool()
            let later = try await second.whileRunning { () async throws -> [String] in
                let checkpointer = Self.checkpointer(on: second, every: 10, maxAge: .seconds(1))
                try await Task.sleep(for: .seconds(1.2))
                await checkpointer.checkpointDueChains()
                return try await second.strings(unsafeSQL: "SELECT size::text FROM audit_checkpoints", asTenant: ids[1])
            }
            #expect(later == ["3"])
        }
    }

    @Test("a chain that fell behind gets a checkpoint at every multiple of the cadence, and one at its head")
    func cadence() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 2, count: 12)
            let pool = database.pool()
            let sizes = try await pool.whileRunning { () async throws -> [String] in
                let checkpointer = Self.checkpointer(on: pool, every: 5)
                _ = try await checkpointer.checkpoint(tenant: tenant)
                return try await pool.strings(
                    unsafeSQL: "SELECT size::text FROM audit_checkpoints ORDER BY audit_checkpoints.size",
                    asTenant: tenant
                )
            }
            #expect(sizes == ["5", "10", "12"])
            let report = try await verify(database, tenant, archive: nil)
            #expect(report.outcome == .intact(events: 12) && report.checkpointsMatched == 3)
        }
    }

    @Test("the checkpointer refuses to extend a checkpoint row it cannot trust")
    func refusesUntrustedLastCheckpoint() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await checkpointed(database, events: 6, archive: try TemporaryArchive().archive)
            let stranger = try NoteSigner.generate(name: Self.signer.verifier.name)
            let forged = AuditCheckpoint(
                origin: AuditCheckpoint.origin(keyName: stranger.verifier.name, tenant: tenant),
                size: 6,
                root: Data(repeating: 1, count: 32),
                headHash: Data(repeating: 2, count: 32)
            )
            try await AuditSupport.tamper(
                database,
                "UPDATE audit_checkpoints SET signed_note = '\(try forged.signed(by: stranger))', root = '\\x\(forged.root.hex)', head_hash = '\\x\(forged.headHash.hex)'"
            )
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 1, count: 2)
            do {
                _ = try await checkpointer(database, nil).checkpoint(tenant)
                Issue.record("a forged checkpoint was extended")
            } catch let refused as AuditCheckpointer.Refused {
                #expect(refused.seq == 6 && refused.reason == "checkpoint_invalid")
            }
        }
    }

    @Test("an archive that cannot be read is an error, never an empty archive")
    func unreadableArchive() async throws {
        try await TestDatabase.withMigrated { database in
            let archive = try TemporaryArchive()
            let tenant = try await checkpointed(database, events: 4, archive: archive.archive)
            let file = archive.archive.directory.appendingPathComponent(tenant.uuidString.lowercased())
                .appendingPathComponent("00000000000000000099.note")
            try Data([0xFF, 0xFE, 0x00]).write(to: file)
            await #expect(throws: CheckpointArchive.Unreadable.self) {
                _ = try await self.verify(database, tenant, archive: archive.archive)
            }
        }
    }

    @Test("events without a head are caught")
    func missingHead() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await AuditSupport.tenants(database, ["acme"])[0]
            try await AuditSupport.appendConcurrently(database, tenants: [tenant], writers: 1, count: 3)
            try await AuditSupport.tamper(database, "DELETE FROM audit_heads")
            let report = try await verify(database, tenant, archive: nil)
            #expect(report.outcome == .broken(seq: 1, reason: .headMismatch))
        }
    }
}

/// A checkpointer on its own pool, for one call.
private struct CheckpointerHandle {
    let database: TestDatabase
    let archive: CheckpointArchive?

    func checkpoint(_ tenant: UUID) async throws -> AuditCheckpoint? {
        let pool = database.pool()
        return try await pool.whileRunning {
            try await AuditCheckpointer(
                database: pool,
                signer: TestKeys.checkpointSigner,
                archive: archive,
                logger: .init(label: "test")
            ).checkpoint(tenant: tenant)
        }
    }
}

/// A fresh archive directory, removed at deinit.
final class TemporaryArchive {
    let archive: CheckpointArchive

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sigilo-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        archive = CheckpointArchive(directory: url)
    }

    deinit { try? FileManager.default.removeItem(at: archive.directory) }
}

extension Data {
    var hex: String { map { String(format: "%02x", $0) }.joined() }

    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }
}
