package import Foundation
package import SigiloCore
package import SigiloCrypto

/// The keys identity derives from the master key, one per purpose (HKDF labels in quotes):
/// - "users/email/seal": AES-256-GCM for users' e-mail addresses, bound to tenant and user id;
/// - "users/email/lookup": HMAC-SHA-256 to find a user by e-mail without storing it in clear;
/// - "login/throttle": HMAC-SHA-256 of throttle keys, so neither e-mails nor IP addresses are stored.
package struct IdentityKeys: Sendable {
    private let emailSealer: FieldSealer
    private let emailLookup: KeyedDigest
    private let throttle: KeyedDigest

    package init(masterKey: MasterKey) {
        self.emailSealer = FieldSealer(key: masterKey.derive("users/email/seal"), keyVersion: masterKey.version)
        self.emailLookup = KeyedDigest(key: masterKey.derive("users/email/lookup"))
        self.throttle = KeyedDigest(key: masterKey.derive("login/throttle"))
    }

    /// The lookup digest of a normalised address.
    package func lookup(_ email: EmailAddress) -> Data {
        emailLookup.digest(email.value)
    }

    /// The sealed form of `email` for user `user` of `tenant`.
    package func seal(_ email: EmailAddress, tenant: UUID, user: UUID) throws -> Data {
        try emailSealer.seal(email.value, context: Self.context(tenant: tenant, user: user))
    }

    /// Opens a sealed address; a value moved to another user or tenant fails.
    package func open(_ sealed: Data, tenant: UUID, user: UUID) throws -> String {
        try emailSealer.open(sealed, context: Self.context(tenant: tenant, user: user))
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

    private static func context(tenant: UUID, user: UUID) -> String {
        "v1/\(tenant.uuidString.lowercased())/users/email_sealed/\(user.uuidString.lowercased())"
    }
}
