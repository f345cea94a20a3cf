package import Foundation

/// Users' e-mail addresses under the master key ring: sealed (AES-256-GCM under the purpose key
/// "users/email/seal" of a ring version, bound to tenant and user) and found through a keyed
/// digest ("users/email/lookup").
///
/// New values use the ring's current version; a sealed value names its version, so it opens
/// under whichever version sealed it, and a lookup tries the digest of every version the ring
/// holds. `sigilo keys rotate` reseals every user under the new version and recomputes the
/// digests, after which older versions may leave the ring.
package struct UserEmailKeys: Sendable {
    private let ring: KeyRingHolder

    package init(ring: KeyRingHolder) {
        self.ring = ring
    }

    /// The digest of a normalised address under the current version (what is stored).
    package func lookup(_ normalised: String) -> Data {
        Self.lookup(normalised, under: ring.ring.current)
    }

    /// The digests of a normalised address under every version, current first: a user not yet
    /// resealed by a rotation still matches the older one.
    package func lookups(_ normalised: String) -> [Data] {
        let snapshot = ring.ring
        let older = snapshot.versions.reversed().filter { $0 != snapshot.current.version }
            .compactMap(snapshot.key(version:))
        return ([snapshot.current] + older).map { Self.lookup(normalised, under: $0) }
    }

    /// Seals a normalised address for user `user` of `tenant` under the current version.
    package func seal(_ normalised: String, tenant: UUID, user: UUID) throws -> Data {
        try Self.seal(normalised, tenant: tenant, user: user, under: ring.ring.current)
    }

    /// Opens a sealed address under the version it names.
    package func open(_ sealed: Data, tenant: UUID, user: UUID) throws -> String {
        guard let version = Self.version(of: sealed), let master = ring.key(version: version) else {
            throw FieldSealer.OpenError()
        }
        return try Self.sealer(master).open(sealed, context: Self.context(tenant: tenant, user: user))
    }

    /// The digest under one version (rotation computes the target's).
    package static func lookup(_ normalised: String, under master: MasterKey) -> Data {
        KeyedDigest(key: master.derive("users/email/lookup")).digest(normalised)
    }

    /// Seals under one version (rotation reseals under the target).
    package static func seal(_ normalised: String, tenant: UUID, user: UUID, under master: MasterKey) throws -> Data {
        try sealer(master).seal(normalised, context: context(tenant: tenant, user: user))
    }

    /// The master-key version a sealed address names (bytes 1…4 of ``FieldSealer``'s form).
    package static func version(of sealed: Data) -> UInt32? {
        guard sealed.count > 5 else { return nil }
        return sealed.dropFirst().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    private static func sealer(_ master: MasterKey) -> FieldSealer {
        FieldSealer(key: master.derive("users/email/seal"), keyVersion: master.version)
    }

    private static func context(tenant: UUID, user: UUID) -> String {
        "v1/\(tenant.uuidString.lowercased())/users/email_sealed/\(user.uuidString.lowercased())"
    }
}
