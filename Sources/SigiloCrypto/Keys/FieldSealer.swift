package import Crypto
package import Foundation

/// Seals one field with AES-256-GCM: a random 96-bit nonce, and additional data that binds the
/// ciphertext to where it belongs (tenant, table, column, row), so a value copied into another
/// row or column fails to open.
///
/// Stored form: `0x01` (format version) ‖ key version (UInt32, big-endian) ‖ nonce (12) ‖
/// ciphertext ‖ tag (16).
package struct FieldSealer: Sendable {
    /// Why a sealed value did not open. Deliberately coarse: tampering and a wrong binding
    /// look the same.
    package struct OpenError: Error, Sendable, Equatable {}

    private static let formatVersion: UInt8 = 1
    private let key: SymmetricKey
    private let keyVersion: UInt32

    /// - Parameters:
    ///   - key: A 256-bit key for this purpose (``MasterKey/derive(_:)``).
    ///   - keyVersion: Written into the stored form.
    package init(key: SymmetricKey, keyVersion: UInt32) {
        self.key = key
        self.keyVersion = keyVersion
    }

    /// Seals `plaintext` bound to `context` (for example `tenant/users/email/<row id>`).
    package func seal(_ plaintext: String, context: String) throws -> Data {
        try seal(plaintext, additionalData: Data(context.utf8))
    }

    /// Seals `plaintext` bound to `additionalData`.
    package func seal(_ plaintext: String, additionalData: Data) throws -> Data {
        try seal(bytes: Data(plaintext.utf8), additionalData: additionalData)
    }

    /// Seals raw bytes (media) bound to `additionalData`; same stored form as text.
    package func seal(bytes plaintext: Data, additionalData: Data) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: additionalData)
        // With a 96-bit nonce, `combined` is exactly nonce ‖ ciphertext ‖ tag.
        guard let combined = box.combined else { throw OpenError() }
        var stored = Data(capacity: 5 + combined.count)
        stored.append(Self.formatVersion)
        withUnsafeBytes(of: keyVersion.bigEndian) { stored.append(contentsOf: $0) }
        stored.append(combined)
        return stored
    }

    /// Opens a value sealed by ``seal(_:context:)`` with the same `context`.
    /// - Throws: ``OpenError`` when the value was changed, moved, or sealed under another key.
    package func open(_ stored: Data, context: String) throws(OpenError) -> String {
        try open(stored, additionalData: Data(context.utf8))
    }

    /// Opens a value sealed by ``seal(_:additionalData:)`` with the same `additionalData`.
    package func open(_ stored: Data, additionalData: Data) throws(OpenError) -> String {
        guard let text = String(data: try openBytes(stored, additionalData: additionalData), encoding: .utf8) else {
            throw OpenError()
        }
        return text
    }

    /// Opens bytes sealed by ``seal(bytes:additionalData:)``.
    package func openBytes(_ stored: Data, additionalData: Data) throws(OpenError) -> Data {
        guard stored.count >= 1 + 4 + 12 + 16, stored.first == Self.formatVersion else { throw OpenError() }
        let version = stored.dropFirst().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard version == keyVersion else { throw OpenError() }
        do {
            let box = try AES.GCM.SealedBox(combined: stored.dropFirst(5))
            return try AES.GCM.open(box, using: key, authenticating: additionalData)
        } catch {
            throw OpenError()
        }
    }
}
