package import Crypto
package import Foundation

/// One data subject's data key (DEK): 256 random bits that seal every personal field of that
/// subject. It is stored only wrapped by the master key ring (``KeyWrapper``); destroying the
/// wrapped copy makes every sealed copy of the subject's data, backups included, unreadable.
package struct SubjectKey: Sendable {
    /// Written into sealed values where a master-key version would be: a subject key is never
    /// re-keyed, only rewrapped, so its values keep this one generation.
    private static let generation: UInt32 = 0
    private let sealer: FieldSealer

    /// Uses an unwrapped key.
    package init(_ key: SymmetricKey) {
        self.sealer = FieldSealer(key: key, keyVersion: Self.generation)
    }

    /// A fresh random key with its wrapped form, bound to its subject.
    package static func generate(
        tenant: UUID,
        subject: UUID,
        wrapper: KeyWrapper
    ) throws -> (key: SubjectKey, wrapped: Data) {
        let key = SymmetricKey(size: .bits256)
        return (SubjectKey(key), try wrapper.wrap(key, binding: binding(tenant: tenant, subject: subject)))
    }

    /// Opens a subject's wrapped key.
    package static func unwrap(
        _ wrapped: Data,
        tenant: UUID,
        subject: UUID,
        wrapper: KeyWrapper
    ) throws(KeyMaterialError) -> SubjectKey {
        SubjectKey(try wrapper.unwrap(wrapped, binding: binding(tenant: tenant, subject: subject)))
    }

    /// The additional data of a subject's wrapped key.
    package static func binding(tenant: UUID, subject: UUID) -> String {
        "sigilo/v1/subject-key/\(tenant.uuidString.lowercased())/\(subject.uuidString.lowercased())"
    }

    /// Seals `plaintext` for `address` (AES-256-GCM, random 96-bit nonce).
    package func seal(_ plaintext: String, at address: FieldAddress) throws -> Data {
        try sealer.seal(plaintext, additionalData: address.additionalData)
    }

    /// Seals raw bytes (a media file) for `address`.
    package func seal(bytes: Data, at address: FieldAddress) throws -> Data {
        try sealer.seal(bytes: bytes, additionalData: address.additionalData)
    }

    /// Opens bytes sealed for `address`.
    package func openBytes(_ sealed: Data, at address: FieldAddress) throws(FieldSealer.OpenError) -> Data {
        try sealer.openBytes(sealed, additionalData: address.additionalData)
    }

    /// Opens a value sealed for `address`.
    /// - Throws: ``FieldSealer/OpenError`` when it was changed, or moved from another address.
    package func open(_ sealed: Data, at address: FieldAddress) throws(FieldSealer.OpenError) -> String {
        try sealer.open(sealed, additionalData: address.additionalData)
    }
}
