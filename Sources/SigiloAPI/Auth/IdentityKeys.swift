package import Foundation
package import SigiloCore
package import SigiloCrypto

/// The keys identity derives from the master key ring, one per purpose (HKDF labels in quotes):
/// - "users/email/seal": AES-256-GCM for users' e-mail addresses, bound to tenant and user id;
/// - "users/email/lookup": HMAC-SHA-256 to find a user by e-mail without storing it in clear;
/// - "login/throttle": HMAC-SHA-256 of throttle keys, so neither e-mails nor IP addresses are stored.
///
/// New values use the ring's current version; `sigilo keys rotate` reseals users' e-mails and
/// recomputes their lookups under a new version (``UserEmailKeys``). Throttle counters are
/// keyed under the current version: a rotation starts them afresh, which costs an attacker's
/// victim nothing but one more backoff window.
package struct IdentityKeys: Sendable {
    private let ring: KeyRingHolder
    private let emails: UserEmailKeys

    package init(ring: KeyRingHolder) {
        self.ring = ring
        self.emails = UserEmailKeys(ring: ring)
    }

    /// The lookup digest to store for a normalised address (current version).
    package func lookup(_ email: EmailAddress) -> Data {
        emails.lookup(email.value)
    }

    /// ``lookup(_:)`` after reading the ring file again, for a new user: a server that has not
    /// yet read a rotation's new version would otherwise miss a resealed duplicate.
    package func refreshedLookup(_ email: EmailAddress) -> Data {
        ring.refresh()
        return lookup(email)
    }

    /// The digests a stored user may carry for this address: one per ring version.
    package func lookups(_ email: EmailAddress) -> [Data] {
        emails.lookups(email.value)
    }

    /// Reads the ring file again (at most once a second); true when it gained a version. A
    /// rotation reseals users under the new version: a lookup that missed is retried after
    /// this, and a new user is checked against every version the file holds.
    @discardableResult
    package func refreshRing() -> Bool {
        ring.refreshIfDue()
    }

    /// The sealed form of `email` for user `user` of `tenant`.
    package func seal(_ email: EmailAddress, tenant: UUID, user: UUID) throws -> Data {
        try emails.seal(email.value, tenant: tenant, user: user)
    }

    /// Opens a sealed address; a value moved to another user or tenant fails.
    package func open(_ sealed: Data, tenant: UUID, user: UUID) throws -> String {
        try emails.open(sealed, tenant: tenant, user: user)
    }

    /// The throttle key of an account (tenant slug and address, both normalised).
    package func accountThrottleKey(tenant: String, email: String) -> Data {
        throttle.digest("account\u{0}\(tenant)\u{0}\(email)")
    }

    /// The throttle key of password changes by one user.
    package func passwordChangeThrottleKey(user: UUID) -> Data {
        throttle.digest("password-change\u{0}\(user.uuidString.lowercased())")
    }

    /// The throttle key of a client address.
    package func addressThrottleKey(_ address: String) -> Data {
        throttle.digest("address\u{0}\(address)")
    }

    private var throttle: KeyedDigest {
        KeyedDigest(key: ring.ring.current.derive("login/throttle"))
    }
}
