import Foundation

/// The versioned master key ring (the key-encryption key, KEK): every version the deployment
/// still needs to read, the highest one wrapping everything new.
///
/// Rotation adds a version; older versions stay until `sigilo keys rotate` has rewrapped every
/// key they wrapped, and may then be removed from the ring.
///
/// Text form (a file or an environment variable), one version per entry, entries separated by
/// new lines, commas or spaces, `#` starting a comment line:
/// ```
/// 1:3q2+7w…=
/// 2:Zm9v…=
/// ```
/// A lone base64 key without a version is version 1, so a key written before rings existed
/// is a ring of one.
package struct MasterKeyRing: Sendable {
    /// The highest version a ring may hold (stored as a PostgreSQL `integer`).
    package static let maximumVersion: UInt32 = 1_000_000

    /// The version that wraps new keys: the highest.
    package let current: MasterKey
    private let keys: [UInt32: MasterKey]

    /// - Throws: ``KeyMaterialError`` when `keys` is empty or holds one version twice.
    package init(_ keys: [MasterKey]) throws(KeyMaterialError) {
        var byVersion: [UInt32: MasterKey] = [:]
        for key in keys {
            guard byVersion.updateValue(key, forKey: key.version) == nil else {
                throw KeyMaterialError(.duplicateVersion)
            }
        }
        guard let highest = keys.max(by: { $0.version < $1.version }) else { throw KeyMaterialError(.emptyRing) }
        self.keys = byVersion
        self.current = highest
    }

    /// A ring of one key (tests, and deployments that never rotated).
    package init(single key: MasterKey) {
        self.keys = [key.version: key]
        self.current = key
    }

    /// Parses the text form described on the type.
    package init(text: String) throws(KeyMaterialError) {
        let lines = text.split(whereSeparator: \.isNewline).filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }
        let entries = lines.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) }
        if entries.count == 1, !entries[0].contains(":") {
            self.init(single: try MasterKey(base64: String(entries[0]), version: 1))
            return
        }
        var keys: [MasterKey] = []
        for entry in entries {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let version = UInt32(parts[0]), (1...Self.maximumVersion).contains(version) else {
                throw KeyMaterialError(.malformedRing)
            }
            keys.append(try MasterKey(base64: String(parts[1]), version: version))
        }
        try self.init(keys)
    }

    /// Every version held, ascending.
    package var versions: [UInt32] { keys.keys.sorted() }

    /// The key of `version`, if the ring still holds it.
    package func key(version: UInt32) -> MasterKey? {
        keys[version]
    }

    /// One entry of the text form for a new random key one above the current version.
    package func nextEntry() -> (version: UInt32, line: String) {
        let version = current.version + 1
        return (version, "\(version):\(MasterKey.generateBase64())")
    }
}
