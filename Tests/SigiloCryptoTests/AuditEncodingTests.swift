import Foundation
import SigiloCore
import SigiloCrypto
import Testing

/// The canonical audit encoding and chain hashes against the test vectors of
/// docs/audit-format.md, which an independent encoder (Python, written from the document)
/// produced.
@Suite("Audit canonical encoding and chain hashes")
struct AuditEncodingTests {
    static let first = AuditEvent(
        tenantID: UUID(uuidString: "0b6f2c1e-7d3a-4c59-b8e4-1f2a3b4c5d6e")!,
        seq: 1,
        occurredAtMicros: 1_795_437_473_108_603,
        actorKind: "user",
        actorID: "5e0d9a44-8c1b-4f7e-a2d3-6b9c0e1f2a3b",
        action: "contact.read",
        resourceType: "contact",
        resourceID: "c0ffee00-0000-4000-8000-000000000001",
        subjectID: "s-7f3a",
        purpose: "customer_service",
        legalBasis: "contract",
        outcome: "success",
        requestID: "6f1c2a9e0b7d4c3a8e5f1b2c3d4e5f60",
        details: ["fields": "name,phones", "count": "1"]
    )

    static var second: AuditEvent {
        var event = first
        event.seq = 2
        event.occurredAtMicros = 1_795_437_473_200_000
        event.action = "auth.login"
        event.resourceType = "session"
        event.resourceID = ""
        event.subjectID = ""
        event.purpose = "authentication"
        event.legalBasis = "legitimate_interest"
        event.outcome = "denied"
        event.details = ["reason": "invalid_credentials", "ação": "négada"]
        return event
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    @Test("vector 1 and 2: bytes, chain hashes and Merkle leaves match the document")
    func vectors() throws {
        let one = try AuditChain.seal(Self.first, previous: AuditChain.genesis)
        #expect(one.bytes.count == 280)
        #expect(
            Self.hex(one.bytes)
                == "010b6f2c1e7d3a4c59b8e41f2a3b4c5d6e0000000000000001000660f0dccd127b00000004757365720000002435653064396134342d386331622d346637652d613264332d3662396330653166326133620000000c636f6e746163742e7265616400000007636f6e746163740000002463306666656530302d303030302d343030302d383030302d30303030303030303030303100000006732d3766336100000010637573746f6d65725f7365727669636500000008636f6e747261637400000007737563636573730000002036663163326139653062376434633361386535663162326333643465356636300000000200000005636f756e740000000131000000066669656c64730000000b6e616d652c70686f6e6573"
        )
        #expect(Self.hex(one.hash) == "bc5f50ce51b03b6de4ea73ff872ca807fa9c3e239a1281c4181065219433f669")
        #expect(Self.hex(one.leaf) == "2e32c356ba7527f39ebb30ffe7c03903106f808dabd9f64e608d1fa3d3f36948")
        let two = try AuditChain.seal(Self.second, previous: one.hash)
        #expect(two.bytes.count == 259)
        #expect(
            Self.hex(two.bytes)
                == "010b6f2c1e7d3a4c59b8e41f2a3b4c5d6e0000000000000002000660f0dcce778000000004757365720000002435653064396134342d386331622d346637652d613264332d3662396330653166326133620000000a617574682e6c6f67696e0000000773657373696f6e00000000000000000000000e61757468656e7469636174696f6e000000136c65676974696d6174655f696e7465726573740000000664656e696564000000203666316332613965306237643463336138653566316232633364346535663630000000020000000661c3a7c3a36f000000076ec3a96761646100000006726561736f6e00000013696e76616c69645f63726564656e7469616c73"
        )
        #expect(Self.hex(two.hash) == "8874e742c10f0452b2281d07b5dbf63a5358a4f07ee2014786e290b7b396e695")
        #expect(Self.hex(two.leaf) == "60681ca23d7972384ded7851f1a9a33d2173e8ff3cfc9ff7cc427f2d35a39843")
    }

    @Test("decoding is the exact inverse, and every event has one encoding only")
    func roundTripAndStrictness() throws {
        for event in [Self.first, Self.second] {
            let bytes = try AuditEncoding.encode(event)
            #expect(try AuditEncoding.decode(bytes) == event)
            #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.decode(bytes + [0]) }
            #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.decode(bytes.dropLast()) }
            var version = bytes
            version[0] = 2
            #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.decode(version) }
        }
        // Details in another order: refused on decode (only the sorted form is canonical).
        var unsorted = try AuditEncoding.encode(
            AuditEvent(
                tenantID: Self.first.tenantID,
                seq: 1,
                occurredAtMicros: 0,
                actorKind: "",
                actorID: "",
                action: "",
                resourceType: "",
                resourceID: "",
                subjectID: "",
                purpose: "",
                legalBasis: "",
                outcome: "",
                requestID: "",
                details: ["a": "1", "b": "2"]
            )
        )
        let a = Array(unsorted.suffix(20))
        unsorted.replaceSubrange((unsorted.count - 20)..., with: Array(a[10...]) + Array(a[..<10]))
        #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.decode(unsorted) }
    }

    @Test("changing any one byte changes the chain hash and everything after it")
    func tamperEvidence() throws {
        let one = try AuditChain.seal(Self.first, previous: AuditChain.genesis)
        let two = try AuditChain.seal(Self.second, previous: one.hash)
        for index in stride(from: 0, to: one.bytes.count, by: 7) {
            var bytes = one.bytes
            bytes[index] ^= 0x01
            let forged = AuditChain.hash(previous: AuditChain.genesis, bytes: bytes)
            #expect(forged != one.hash)
            #expect(AuditChain.hash(previous: forged, bytes: two.bytes) != two.hash)
        }
    }

    @Test("limits: oversize strings and too many details cannot be encoded")
    func limits() {
        var event = Self.first
        event.actorID = String(repeating: "x", count: 4097)
        #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.encode(event) }
        event = Self.first
        event.details = Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", "") })
        #expect(throws: AuditEncoding.Invalid.self) { try AuditEncoding.encode(event) }
    }
}
