import Foundation
import SigiloCore
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Synchronization
import Testing

/// `sigilo keys rotate` as the store runs it: a new master-key version, every wrapped key
/// rewrapped in batches, while another "server" keeps reading.
@Suite("Master-key rotation")
struct KeyRotationTests {
    /// What the concurrent readers saw.
    final class Counters: Sendable {
        let done = Atomic<Bool>(false)
        let failures = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
    }

    /// A ring file, read again by holders as a server reads it.
    struct RingFile {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("ring-\(UUID()).keys").path
            try "1:\(MasterKey.generateBase64())\n".write(toFile: path, atomically: true, encoding: .utf8)
        }

        func holder() throws -> KeyRingHolder {
            let path = path
            return KeyRingHolder(try read(), minimumReloadGap: .zero) {
                try MasterKeyRing(text: String(contentsOfFile: path, encoding: .utf8))
            }
        }

        func read() throws -> MasterKeyRing {
            try MasterKeyRing(text: String(contentsOfFile: path, encoding: .utf8))
        }

        /// Appends a version, as `sigilo keys rotate` does; returns it.
        func addVersion() throws -> MasterKey {
            let ring = try read()
            let entry = ring.nextEntry()
            let text = try String(contentsOfFile: path, encoding: .utf8) + entry.line + "\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try #require(try read().key(version: entry.version))
        }
    }

    @Test("rotation under concurrent reads loses nothing: every read succeeds, every key ends under the new version")
    func rotateWhileReading() async throws {
        try await TestDatabase.withMigrated { database in
            let acme = try await CRMStoreTests.newTenant(database)
            let globex = try await CRMStoreTests.newTenant(database, slug: "globex")
            let file = try RingFile()
            let pool = database.pool(maximumConnections: 8)
            let owner = database.pool(owner: true, maximumConnections: 2)
            let server = ContactRepository(database: pool, keys: CRMKeys(ring: try file.holder()))
            try await pool.whileRunning {
                try await owner.whileRunning {
                    var created: [(UUID, UUID, Int)] = []
                    for index in 0..<120 {
                        let tenant = index.isMultiple(of: 3) ? globex : acme
                        created.append(
                            (
                                tenant,
                                try await server.create(tenant: tenant, fields: try CRMStoreTests.fields(index)).id,
                                index
                            )
                        )
                    }
                    // Tenants' index keys exist once a contact has a phone.
                    let rotationRing = try file.holder()
                    let target = try file.addVersion()
                    rotationRing.refresh()
                    let rotation = KeyRotation(database: owner, ring: rotationRing)
                    try await rotation.begin(target: target.version)

                    let counters = Counters()
                    let ids = created
                    let progress = try await withThrowingTaskGroup(of: KeyRotation.Progress?.self) { group in
                        for reader in 0..<4 {
                            group.addTask {
                                var turn = reader
                                while !counters.done.load(ordering: .acquiring) {
                                    let (tenant, id, index) = ids[turn % ids.count]
                                    turn += 7
                                    let found = try? await server.find(tenant: tenant, id: id)
                                    if case .contact(let contact) = found,
                                        contact.fields == (try CRMStoreTests.fields(index))
                                    {
                                        counters.reads.add(1, ordering: .relaxed)
                                    } else {
                                        counters.failures.add(1, ordering: .relaxed)
                                    }
                                    let phone = try PhoneNumber(try CRMStoreTests.fields(index).phones[0].number)
                                    if try await server.search(tenant: tenant, phone: phone).map(\.id) != [id] {
                                        counters.failures.add(1, ordering: .relaxed)
                                    }
                                }
                                return nil
                            }
                        }
                        group.addTask {
                            defer { counters.done.store(true, ordering: .releasing) }
                            return try await rotation.run(to: target, batchSize: 7)
                        }
                        var result: KeyRotation.Progress?
                        for try await value in group where value != nil { result = value }
                        return result
                    }
                    #expect(progress?.finished == true)
                    #expect(progress?.rewrapped == 122)
                    #expect(counters.failures.load(ordering: .relaxed) == 0)
                    #expect(counters.reads.load(ordering: .relaxed) > 0)
                    #expect(try await rotation.unfinished() == nil)
                    let census = try await rotation.census()
                    #expect(census.map(\.version) == [2, 2])
                    #expect(census.map(\.count) == [120, 2])
                    // Every field still opens, through a server that now needs version 2.
                    for (tenant, id, index) in ids {
                        guard case .contact(let contact) = try await server.find(tenant: tenant, id: id) else {
                            Issue.record("a contact did not open after rotation")
                            continue
                        }
                        #expect(contact.fields == (try CRMStoreTests.fields(index)))
                    }
                }
            }
        }
    }

    @Test("a rotation interrupted half-way resumes where it stopped and finishes")
    func resume() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await CRMStoreTests.newTenant(database)
            let file = try RingFile()
            let pool = database.pool()
            let owner = database.pool(owner: true, maximumConnections: 1)
            let server = ContactRepository(database: pool, keys: CRMKeys(ring: try file.holder()))
            try await pool.whileRunning {
                try await owner.whileRunning {
                    var ids: [UUID] = []
                    for index in 0..<30 {
                        ids.append(try await server.create(tenant: tenant, fields: try CRMStoreTests.fields(index)).id)
                    }
                    let target = try file.addVersion()
                    let rotation = KeyRotation(database: owner, ring: try file.holder())
                    try await rotation.claim(target: target.version)
                    // A second run claiming the same version is refused before it writes a key.
                    let second = await #expect(throws: StoreError.self) {
                        try await rotation.claim(target: target.version)
                    }
                    #expect(second?.code == .conflict)
                    let partial = try await rotation.run(to: target, batchSize: 10, maximumBatches: 3)
                    #expect(partial.finished == false)
                    #expect(partial.rewrapped == 11)
                    #expect(try await rotation.unfinished() == target.version)
                    let mixed = try await rotation.census()
                    #expect(Set(mixed.map(\.version)) == [1, 2])

                    let resumed = try await rotation.run(to: target, batchSize: 10)
                    #expect(resumed.finished)
                    #expect(resumed.rewrapped == 20)
                    #expect(try await rotation.unfinished() == nil)
                    #expect(try await rotation.census().allSatisfy { $0.version == 2 })
                    for (index, id) in ids.enumerated() {
                        guard case .contact(let contact) = try await server.find(tenant: tenant, id: id) else {
                            Issue.record("a contact did not open after the resumed rotation")
                            continue
                        }
                        #expect(contact.fields == (try CRMStoreTests.fields(index)))
                    }
                }
            }
        }
    }
}
