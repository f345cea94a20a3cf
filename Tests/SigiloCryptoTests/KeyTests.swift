import Crypto
import Foundation
import SigiloCrypto
import Testing

@Suite("Master key, field sealing, keyed digests, opaque secrets")
struct KeyTests {
    let master = try! MasterKey(base64: MasterKey.generateBase64())

    @Test("a master key must be 32 bytes of base64")
    func masterKeyShape() {
        #expect(throws: KeyMaterialError(.notBase64)) { try MasterKey(base64: "not base64!") }
        #expect(throws: KeyMaterialError(.wrongLength)) { try MasterKey(base64: Data(count: 16).base64EncodedString()) }
        #expect("\(KeyMaterialError(.wrongLength))".contains("32 bytes"))
    }

    @Test("purposes derive different keys; the same purpose the same key")
    func derivation() {
        let a = master.derive("users/email/seal").withUnsafeBytes { Data($0) }
        let b = master.derive("users/email/lookup").withUnsafeBytes { Data($0) }
        #expect(a != b)
        #expect(a == master.derive("users/email/seal").withUnsafeBytes { Data($0) })
    }

    @Test("a sealed field opens only in its own context, unchanged, under the same key")
    func sealing() throws {
        let sealer = FieldSealer(key: master.derive("test"), keyVersion: 1)
        let sealed = try sealer.seal("ana@exemplo.com.br", context: "t1/users/email/u1")
        #expect(sealed.first == 1)
        #expect(!String(decoding: sealed, as: UTF8.self).contains("ana@"))
        #expect(try sealer.open(sealed, context: "t1/users/email/u1") == "ana@exemplo.com.br")
        #expect(throws: FieldSealer.OpenError.self) { try sealer.open(sealed, context: "t1/users/email/u2") }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: FieldSealer.OpenError.self) { try sealer.open(tampered, context: "t1/users/email/u1") }
        let other = FieldSealer(key: SymmetricKey(size: .bits256), keyVersion: 1)
        #expect(throws: FieldSealer.OpenError.self) { try other.open(sealed, context: "t1/users/email/u1") }
        #expect(throws: FieldSealer.OpenError.self) { try sealer.open(Data([1, 2, 3]), context: "x") }
        // Random nonces: sealing twice gives different bytes.
        #expect(try sealer.seal("x", context: "c") != sealer.seal("x", context: "c"))
    }

    @Test("keyed digests depend on the key; opaque secrets compare by digest")
    func digestsAndSecrets() {
        let one = KeyedDigest(key: master.derive("a")).digest("value")
        #expect(one.count == 32)
        #expect(one != KeyedDigest(key: master.derive("b")).digest("value"))
        let secret = OpaqueSecret.generate()
        #expect(secret.count == 43 && !secret.contains("=") && !secret.contains("+") && !secret.contains("/"))
        #expect(OpaqueSecret.matches(secret, storedDigest: OpaqueSecret.digest(secret)))
        #expect(!OpaqueSecret.matches(secret + "x", storedDigest: OpaqueSecret.digest(secret)))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
    }
}
