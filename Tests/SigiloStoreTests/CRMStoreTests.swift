import Crypto
import Foundation
import SigiloCore
import SigiloCrypto
import SigiloStore
import SigiloTesting
import Testing

/// The CRM store against a real PostgreSQL: tampering with sealed data, and key rotation
/// while reads go on.
@Suite("Encrypted CRM store")
struct CRMStoreTests {
    static func newTenant(_ database: TestDatabase, slug: String = "acme") async throws -> UUID {
        let owner = database.pool(owner: true, maximumConnections: 1)
        let ids = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: "INSERT INTO tenants (slug, name) VALUES ('\(slug)', 'X') RETURNING id::text"
            )
        }
        return try #require(UUID(uuidString: ids[0]))
    }

    static func ring(_ versions: UInt32...) throws -> MasterKeyRing {
        try MasterKeyRing(versions.map { try MasterKey(base64: MasterKey.generateBase64(), version: $0) })
    }

    static func fields(_ index: Int) throws -> ContactFields {
        ContactFields(
            name: "Pessoa \(index)",
            phones: [ContactPhone(number: try PhoneNumber("+55 11 9\(String(format: "%04d", index))-4321"))],
            emails: [ContactEmail(address: try #require(EmailAddress("pessoa\(index)@example.com")))],
            notes: "nota \(index)",
            whatsappID: WhatsAppID("5511\(String(format: "%04d", index))4321")
        )
    }

    /// One kind of damage: SQL over contacts `a` and `b` (`$A`, `$B`), the error code and
    /// column expected when `a` is read.
    static let damage: [(String, String, SealedDataError.Code, String?)] = [
        (
            "one bit flipped",
            "UPDATE contacts SET name_sealed = set_byte(name_sealed, 30, get_byte(name_sealed, 30) # 1) WHERE id = $A",
            .valueUnreadable, "name_sealed"
        ),
        (
            "moved from another row",
            "UPDATE contacts SET name_sealed = (SELECT name_sealed FROM contacts WHERE id = $B) WHERE id = $A",
            .valueUnreadable, "name_sealed"
        ),
        (
            "moved from another column", "UPDATE contacts SET notes_sealed = name_sealed WHERE id = $A",
            .valueUnreadable, "notes_sealed"
        ),
        (
            "re-pointed to another subject", "UPDATE contacts SET subject_id = $B WHERE id = $A", .valueUnreadable,
            "phones_sealed"
        ),
        (
            "another subject's wrapped key",
            "UPDATE subject_keys SET wrapped = (SELECT wrapped FROM subject_keys WHERE subject_id = $B) WHERE subject_id = $A",
            .keyUnreadable, nil
        ),
    ]

    @Test(
        "a sealed value flipped by one bit, or moved to another row, column or subject, fails with an error naming where",
        arguments: 0..<damage.count
    )
    func tampering(_ index: Int) async throws {
        let (name, sql, code, column) = Self.damage[index]
        try await TestDatabase.withMigrated { database in
            let tenant = try await Self.newTenant(database)
            let pool = database.pool()
            let owner = database.pool(owner: true, maximumConnections: 1)
            let contacts = ContactRepository(database: pool, keys: CRMKeys(ring: KeyRingHolder(try Self.ring(1))))
            try await pool.whileRunning {
                try await owner.whileRunning {
                    let a = try await contacts.create(tenant: tenant, fields: try Self.fields(1)).id
                    let b = try await contacts.create(tenant: tenant, fields: try Self.fields(2)).id
                    let script = sql.replacingOccurrences(of: "$A", with: "'\(a.uuidString.lowercased())'")
                        .replacingOccurrences(of: "$B", with: "'\(b.uuidString.lowercased())'")
                    _ = try await owner.strings(unsafeSQL: script)
                    let error = await #expect(throws: SealedDataError.self, "\(name)") {
                        try await contacts.find(tenant: tenant, id: a)
                    }
                    #expect(error?.code == code, "\(name)")
                    #expect(error?.column == column, "\(name)")
                    #expect(error?.row == a, "\(name)")
                    #expect(!(error?.description.contains("Pessoa") ?? true))
                    guard case .contact(let intact) = try await contacts.find(tenant: tenant, id: b) else {
                        Issue.record("contact b did not open after \(name)")
                        return
                    }
                    #expect(intact.fields == (try Self.fields(2)))
                }
            }
        }
    }

    @Test("the first contacts of a tenant created at once all succeed: one index key, every search finds its contact")
    func concurrentFirstCreates() async throws {
        try await TestDatabase.withMigrated { database in
            let tenant = try await Self.newTenant(database)
            let pool = database.pool(maximumConnections: 16)
            let contacts = ContactRepository(database: pool, keys: CRMKeys(ring: KeyRingHolder(try Self.ring(1))))
            try await pool.whileRunning {
                let ids = try await withThrowingTaskGroup(of: (Int, UUID).self) { group in
                    for index in 0..<16 {
                        group.addTask {
                            (index, try await contacts.create(tenant: tenant, fields: try Self.fields(index)).id)
                        }
                    }
                    var ids: [Int: UUID] = [:]
                    for try await (index, id) in group { ids[index] = id }
                    return ids
                }
                #expect(ids.count == 16)
                for (index, id) in ids {
                    let phone = try PhoneNumber(try Self.fields(index).phones[0].number)
                    #expect(try await contacts.search(tenant: tenant, phone: phone).map(\.id) == [id])
                }
                let keys = try await pool.strings(unsafeSQL: "SELECT count(*)::text FROM tenant_keys", asTenant: tenant)
                #expect(keys == ["1"])
            }
        }
    }
}
