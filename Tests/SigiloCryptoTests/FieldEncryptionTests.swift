import Crypto
import Foundation
import SigiloCrypto
import Testing

@Suite("Field encryption: key ring, wrapped keys, sealed fields, blind indexes")
struct FieldEncryptionTests {
    static let tenant = UUID()
    static let subject = UUID()
    static let row = UUID()

    static func ring(_ versions: UInt32...) throws -> KeyRingHolder {
        KeyRingHolder(
            try MasterKeyRing(versions.map { try MasterKey(bytes: SymmetricKey(size: .bits256).data, version: $0) })
        )
    }

    static func address(column: String = "name_sealed", row: UUID = row, subject: UUID = subject) -> FieldAddress {
        FieldAddress(tenant: tenant, table: "contacts", column: column, row: row, subject: subject)
    }

    @Test("the ring's text form: versioned entries, a lone legacy key as version 1, errors without echoing keys")
    func ringText() throws {
        let one = MasterKey.generateBase64()
        let two = MasterKey.generateBase64()
        let ring = try MasterKeyRing(text: "# ring\n1:\(one)\n2:\(two)\n")
        #expect(ring.versions == [1, 2])
        #expect(ring.current.version == 2)
        #expect(try MasterKeyRing(text: "1:\(one), 2:\(two)").current.version == 2)
        #expect(try MasterKeyRing(text: one + "\n").current.version == 1)
        #expect(ring.nextEntry().version == 3)
        for bad in [
            "", "1:\(one)\n1:\(two)", "0:\(one)", "1000001:\(one)", "4294967296:\(one)", "x:\(one)", "1:notbase64",
            "1:\(one) \(two)",
        ] {
            #expect(throws: KeyMaterialError.self) { try MasterKeyRing(text: bad) }
        }
        let error = #expect(throws: KeyMaterialError.self) { try MasterKeyRing(text: "1:\(one)\n1:\(two)") }
        #expect(!(error?.description.contains(one) ?? true))
    }

    @Test("a wrapped key opens only with its binding and a ring holding its version")
    func wrapping() throws {
        let holder = try Self.ring(1)
        let wrapper = KeyWrapper(ring: holder)
        let (key, wrapped) = try SubjectKey.generate(tenant: Self.tenant, subject: Self.subject, wrapper: wrapper)
        #expect(wrapped.count == KeyWrapper.wrappedLength)
        #expect(KeyWrapper.version(of: wrapped) == 1)
        let opened = try SubjectKey.unwrap(wrapped, tenant: Self.tenant, subject: Self.subject, wrapper: wrapper)
        let sealed = try key.seal("Maria", at: Self.address())
        #expect(try opened.open(sealed, at: Self.address()) == "Maria")

        let other = #expect(throws: KeyMaterialError.self) {
            try SubjectKey.unwrap(wrapped, tenant: Self.tenant, subject: UUID(), wrapper: wrapper)
        }
        #expect(other?.code == .unwrapFailed)
        var flipped = wrapped
        flipped[30] ^= 0x01
        #expect(throws: KeyMaterialError.self) {
            try SubjectKey.unwrap(flipped, tenant: Self.tenant, subject: Self.subject, wrapper: wrapper)
        }
        let foreign = KeyWrapper(ring: try Self.ring(7))
        let unknown = #expect(throws: KeyMaterialError.self) {
            try SubjectKey.unwrap(wrapped, tenant: Self.tenant, subject: Self.subject, wrapper: foreign)
        }
        #expect(unknown?.code == .unknownVersion)
    }

    @Test(
        "a sealed value flipped by one bit anywhere, or moved to another row, column, table, tenant or subject, does not open"
    )
    func tamperAndMove() throws {
        let key = SubjectKey(SymmetricKey(size: .bits256))
        let sealed = try key.seal("+5511987654321", at: Self.address())
        #expect(sealed.first == 1)
        for index in sealed.indices {
            var flipped = sealed
            flipped[index] ^= 0x80
            #expect(throws: FieldSealer.OpenError.self) { try key.open(flipped, at: Self.address()) }
        }
        var elsewhere: [FieldAddress] = [
            Self.address(column: "notes_sealed"), Self.address(row: UUID()), Self.address(subject: UUID()),
        ]
        var otherTable = Self.address()
        otherTable.table = "interactions"
        var otherTenant = Self.address()
        otherTenant.tenant = UUID()
        elsewhere += [otherTable, otherTenant]
        for address in elsewhere {
            #expect(throws: FieldSealer.OpenError.self) { try key.open(sealed, at: address) }
        }
        #expect(throws: FieldSealer.OpenError.self) {
            try SubjectKey(SymmetricKey(size: .bits256)).open(sealed, at: Self.address())
        }
        #expect(throws: FieldSealer.OpenError.self) { try key.open(Data(sealed.prefix(20)), at: Self.address()) }
        #expect(throws: FieldSealer.OpenError.self) { try key.open(Data(), at: Self.address()) }
    }

    @Test("two seals of one value differ (random nonces), and both open")
    func randomNonces() throws {
        let key = SubjectKey(SymmetricKey(size: .bits256))
        let first = try key.seal("Maria", at: Self.address())
        let second = try key.seal("Maria", at: Self.address())
        #expect(first != second)
        #expect(first[5..<17] != second[5..<17])
        #expect(try key.open(second, at: Self.address()) == "Maria")
    }

    @Test("blind indexes are 16 bits, stable per tenant key and column, different across tenants and columns")
    func blindIndexes() {
        let tenantKey = SymmetricKey(size: .bits256)
        let phones = BlindIndex(tenantKey: tenantKey, table: "contacts", column: "phone")
        let emails = BlindIndex(tenantKey: tenantKey, table: "contacts", column: "email")
        let otherTenant = BlindIndex(tenantKey: SymmetricKey(size: .bits256), table: "contacts", column: "phone")
        var values: Set<Int32> = []
        var sameAcrossColumns = 0
        var sameAcrossTenants = 0
        for index in 0..<2000 {
            let value = "+55119\(String(format: "%08d", index))"
            let digest = phones.value(value)
            #expect((0..<65536).contains(digest))
            #expect(digest == phones.value(value))
            values.insert(digest)
            if emails.value(value) == digest { sameAcrossColumns += 1 }
            if otherTenant.value(value) == digest { sameAcrossTenants += 1 }
        }
        // 2,000 values over 65,536 buckets: a few collide (~30), independence keeps matches rare.
        #expect(values.count > 1900)
        #expect(sameAcrossColumns < 10)
        #expect(sameAcrossTenants < 10)
    }

    @Test("the holder reads its source again for an unknown version, at most once per gap, and never shrinks")
    func holderReload() throws {
        let one = try MasterKey(bytes: SymmetricKey(size: .bits256).data, version: 1)
        let two = try MasterKey(bytes: SymmetricKey(size: .bits256).data, version: 2)
        let reads = ReadCounter()
        let source = ManagedRing(try MasterKeyRing([one]))
        let holder = KeyRingHolder(try MasterKeyRing([one]), minimumReloadGap: .zero) {
            reads.increment()
            return source.ring
        }
        #expect(holder.key(version: 2) == nil)
        source.ring = try MasterKeyRing([one, two])
        #expect(holder.key(version: 2)?.version == 2)
        #expect(holder.ring.current.version == 2)
        source.ring = try MasterKeyRing([one])
        holder.refresh()
        #expect(holder.ring.current.version == 2)
        #expect(reads.value == 3)
    }
}

extension SymmetricKey {
    fileprivate var data: Data { withUnsafeBytes { Data($0) } }
}

private final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

private final class ManagedRing: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: MasterKeyRing
    init(_ ring: MasterKeyRing) { stored = ring }
    var ring: MasterKeyRing {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

@Suite("Field addresses")
struct FieldAddressTests {
    @Test("the additional data is the documented string, ids lower-case")
    func documentedForm() throws {
        let tenant = try #require(UUID(uuidString: "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"))
        let row = try #require(UUID(uuidString: "FFFFFFFF-0000-4000-8000-000000000001"))
        let address = FieldAddress(tenant: tenant, table: "contacts", column: "name_sealed", row: row, subject: row)
        #expect(
            address.context
                == "sigilo/v1/field/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/contacts/name_sealed/"
                + "ffffffff-0000-4000-8000-000000000001/ffffffff-0000-4000-8000-000000000001"
        )
        for _ in 0..<100 {
            let id = UUID()
            let random = FieldAddress(tenant: id, table: "t", column: "c", row: id, subject: id)
            let expected =
                "sigilo/v1/field/\(id.uuidString.lowercased())/t/c/\(id.uuidString.lowercased())/"
                + id.uuidString.lowercased()
            #expect(random.context == expected)
        }
    }
}
