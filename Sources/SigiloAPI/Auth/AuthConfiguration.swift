package import SigiloCore
package import SigiloCrypto
package import SigiloStore

/// Everything identity needs: token keys and lifetimes, the master key, policies, password
/// hashing limits and login throttling.
package struct AuthConfiguration: Sendable {
    /// Ed25519 keys for access tokens (the first signs).
    package var signingKeys: SigningKeySet
    /// The master key ring (docs/encryption.md): it wraps subjects' and tenants' keys, and
    /// identity derives users' e-mail and throttle keys from it.
    package var keyRing: KeyRingHolder
    /// `iss` of issued tokens, required on presented ones.
    package var issuer: String
    /// `aud` of issued tokens, required on presented ones.
    package var audience: String
    /// Access-token lifetime (15 minutes by default).
    package var accessTokenLifetime: Duration
    /// Refresh-token lifetime (30 days by default); each rotation starts a new period.
    package var refreshTokenLifetime: Duration
    /// Roles and scopes → permissions (`policies/roles.json`).
    package var permissions: PermissionPolicy
    /// Rules for new passwords (`policies/common-passwords.txt`).
    package var passwordRules: PasswordRules
    /// Argon2id parameters for new hashes (`policies/passwords.json`).
    package var argon2: Argon2Parameters
    /// The most a stored hash may ask for before it is refused unhashed.
    package var argon2Ceiling: Argon2Parameters
    /// Logins that may wait for a hashing slot before 503.
    package var hashQueueLimit: Int
    /// Backoff per account (tenant + e-mail).
    package var accountThrottle: LoginThrottleRepository.Rule
    /// Backoff per client address, across tenants.
    package var addressThrottle: LoginThrottleRepository.Rule

    package init(
        signingKeys: SigningKeySet,
        keyRing: KeyRingHolder,
        issuer: String = "sigilo",
        audience: String = "sigilo-api",
        accessTokenLifetime: Duration = .seconds(900),
        refreshTokenLifetime: Duration = .seconds(30 * 86_400),
        permissions: PermissionPolicy,
        passwordRules: PasswordRules,
        argon2: Argon2Parameters = .standard,
        argon2Ceiling: Argon2Parameters = Argon2Parameters(memoryKiB: 262_144, iterations: 10, parallelism: 4),
        hashQueueLimit: Int = 64,
        accountThrottle: LoginThrottleRepository.Rule = Self.defaultAccountThrottle,
        addressThrottle: LoginThrottleRepository.Rule = Self.defaultAddressThrottle
    ) {
        self.signingKeys = signingKeys
        self.keyRing = keyRing
        self.issuer = issuer
        self.audience = audience
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.permissions = permissions
        self.passwordRules = passwordRules
        self.argon2 = argon2
        self.argon2Ceiling = argon2Ceiling
        self.hashQueueLimit = hashQueueLimit
        self.accountThrottle = accountThrottle
        self.addressThrottle = addressThrottle
    }

    /// 5 failures, then 1 s doubling up to 15 min; forgotten after 15 min without failure.
    package static let defaultAccountThrottle = LoginThrottleRepository.Rule(
        threshold: 5,
        baseLock: .seconds(1),
        maximumLock: .seconds(900),
        forgetAfter: .seconds(900)
    )

    /// 50 failures from one address (many accounts, or a shared NAT), then the same backoff.
    package static let defaultAddressThrottle = LoginThrottleRepository.Rule(
        threshold: 50,
        baseLock: .seconds(1),
        maximumLock: .seconds(900),
        forgetAfter: .seconds(900)
    )
}
