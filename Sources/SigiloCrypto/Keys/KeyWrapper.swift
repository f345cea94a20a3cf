package import Crypto
package import Foundation

/// Wraps 256-bit keys (subjects' data keys, tenants' index keys) under the master key ring,
/// so they are stored only wrapped and the master key never leaves configuration.
///
/// AES-256-GCM under a key derived from the ring's current version ("keys/wrap"), with the
/// key's `binding` (what it belongs to, e.g. `subject/<tenant>/<subject>`) as additional data:
/// a wrapped key copied to another subject fails to open.
///
/// Stored form (65 bytes): `0x01` ‖ master-key version (UInt32, big-endian) ‖ nonce (12) ‖
/// wrapped key (32) ‖ tag (16).
package struct KeyWrapper: Sendable {
    private static let formatVersion: UInt8 = 1
    /// The length of a wrapped key.
    package static let wrappedLength = 1 + 4 + 12 + 32 + 16

    private let holder: KeyRingHolder

    package init(ring: KeyRingHolder) {
        self.holder = ring
    }

    /// The version new keys are wrapped under.
    package var currentVersion: UInt32 { holder.ring.current.version }

    /// Wraps `key` under the current master-key version.
    package func wrap(_ key: SymmetricKey, binding: String) throws -> Data {
        try wrap(key, binding: binding, under: holder.ring.current)
    }

    /// Wraps `key` under one master-key version (rotation names the target version).
    package func wrap(_ key: SymmetricKey, binding: String, under master: MasterKey) throws -> Data {
        let box = try key.withUnsafeBytes { bytes in
            try AES.GCM.seal(Data(bytes), using: Self.wrappingKey(master), authenticating: Data(binding.utf8))
        }
        var stored = Data([Self.formatVersion])
        withUnsafeBytes(of: master.version.bigEndian) { stored.append(contentsOf: $0) }
        stored.append(contentsOf: box.nonce)
        stored.append(box.ciphertext)
        stored.append(box.tag)
        return stored
    }

    /// The master-key version a stored key was wrapped under, without opening it.
    package static func version(of wrapped: Data) -> UInt32? {
        guard wrapped.count == wrappedLength, wrapped.first == formatVersion else { return nil }
        return wrapped.dropFirst().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Opens a wrapped key with the same `binding`.
    /// - Throws: ``KeyMaterialError`` `unknownVersion` when the ring lacks the version,
    ///   `unwrapFailed` when the stored form was changed, moved or wrapped under another key.
    package func unwrap(_ wrapped: Data, binding: String) throws(KeyMaterialError) -> SymmetricKey {
        guard let version = Self.version(of: wrapped) else { throw KeyMaterialError(.unwrapFailed) }
        guard let master = holder.key(version: version) else { throw KeyMaterialError(.unknownVersion) }
        let bytes = [UInt8](wrapped)
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: bytes[5..<17]),
                ciphertext: bytes[17..<49],
                tag: bytes[49...]
            )
            let key = try AES.GCM.open(box, using: Self.wrappingKey(master), authenticating: Data(binding.utf8))
            return SymmetricKey(data: key)
        } catch {
            throw KeyMaterialError(.unwrapFailed)
        }
    }

    private static func wrappingKey(_ master: MasterKey) -> SymmetricKey {
        master.wrappingKey
    }
}
