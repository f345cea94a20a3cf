import Foundation
package import Logging
package import SigiloCore
package import SigiloCrypto
package import SigiloStore

/// Password login, refresh-token rotation and logout.
///
/// A login costs one Argon2id verification whatever happens (unknown tenant, unknown or
/// disabled user, wrong password), so timing does not tell which; locked accounts and
/// addresses are refused before any hashing.
package struct Sessions: Sendable {
    package let tenants: TenantRepository
    package let users: UserRepository
    package let refreshTokens: RefreshTokenRepository
    package let revokedTokens: RevokedTokenRepository
    package let throttle: LoginThrottleRepository
    package let hasher: PasswordHasher
    package let tokens: AccessTokens
    package let keys: IdentityKeys
    package let configuration: AuthConfiguration
    package let events: any SecurityEventSink

    package init(
        database: Database,
        hasher: PasswordHasher,
        tokens: AccessTokens,
        configuration: AuthConfiguration,
        events: any SecurityEventSink
    ) {
        self.tenants = TenantRepository(database: database)
        self.users = UserRepository(database: database)
        self.refreshTokens = RefreshTokenRepository(database: database)
        self.revokedTokens = RevokedTokenRepository(database: database)
        self.throttle = LoginThrottleRepository(database: database)
        self.hasher = hasher
        self.tokens = tokens
        self.keys = IdentityKeys(ring: configuration.keyRing)
        self.configuration = configuration
        self.events = events
    }

    /// Checks a password and starts a session.
    /// - Parameters:
    ///   - address: The client's IP address, for the per-address throttle (`nil` if unknown).
    /// - Throws: ``APIError`` `invalid_credentials`, `too_many_attempts` or `busy`.
    package func login(
        tenant slug: TenantSlug,
        email: EmailAddress,
        password: String,
        address: String?,
        logger: Logger
    ) async throws -> TokenPair {
        let accountKey = keys.accountThrottleKey(tenant: slug.value, email: email.value)
        let addressKey = address.map(keys.addressThrottleKey)
        if let until = try await throttle.lockedUntil(account: accountKey, address: addressKey) {
            throw APIError.tooManyAttempts(retryAfter: Int(until.timeIntervalSinceNow.rounded(.up)))
        }
        let tenantID = try await tenants.id(forSlug: slug.value)
        var user = try await tenantID.asyncFlatMap {
            try await users.find(tenant: $0, emailLookups: keys.lookups(email))
        }
        if user == nil, tenantID != nil, keys.refreshRing() {
            // A rotation may have resealed the user under a version this server had not read.
            user = try await tenantID.asyncFlatMap {
                try await users.find(tenant: $0, emailLookups: keys.lookups(email))
            }
        }
        guard let user, !user.isDisabled else {
            try await mapHashing { try await hasher.verifyUnknownUser(password) }
            try await fail(tenant: tenantID, accountKey: accountKey, addressKey: addressKey, logger: logger)
        }
        let verification: PasswordHasher.Verification
        do {
            verification = try await mapHashing { try await hasher.verify(password, against: user.passwordHash) }
        } catch let error as PasswordHasherError where error.code == .aboveCeiling || error.code == .malformedHash {
            logger.error(
                "stored password hash refused",
                metadata: ["sigilo.user_id": "\(user.id.lowercasedString)", "sigilo.reason": "\(error.code.rawValue)"]
            )
            try await fail(tenant: tenantID, accountKey: accountKey, addressKey: addressKey, logger: logger)
        }
        guard case .match(let needsRehash) = verification else {
            try await fail(tenant: tenantID, accountKey: accountKey, addressKey: addressKey, logger: logger)
        }
        try await throttle.reset(accountKey)
        if needsRehash { await rehash(user, password: password, logger: logger) }
        await events.record(.loginSucceeded(tenant: user.tenantID, user: user.id), logger: logger)
        let refresh = RefreshToken.generate(tenant: user.tenantID)
        try await refreshTokens.insert(
            tenant: user.tenantID,
            id: refresh.id,
            user: user.id,
            family: UUID(),
            secretDigest: refresh.digest,
            expiresAt: Date().addingTimeInterval(seconds(configuration.refreshTokenLifetime))
        )
        return try await pair(for: user, refresh: refresh)
    }

    /// Spends a refresh token and issues a new pair. Reusing a spent token revokes its family.
    /// - Throws: ``APIError`` `invalid_refresh_token`.
    package func refresh(_ presented: String, logger: Logger) async throws -> TokenPair {
        guard let token = RefreshToken(parsing: presented) else { throw APIError.invalidRefreshToken }
        let next = RefreshToken.generate(tenant: token.tenant)
        let secret = token.secret
        let outcome = try await refreshTokens.rotate(
            tenant: token.tenant,
            id: token.id,
            matches: { OpaqueSecret.matches(secret, storedDigest: $0) },
            nextID: next.id,
            nextDigest: next.digest,
            expiresAt: Date().addingTimeInterval(seconds(configuration.refreshTokenLifetime))
        )
        switch outcome {
        case .rotated(let user, _):
            return try await pair(for: user, refresh: next)
        case .reused:
            await events.record(.refreshTokenReused(tenant: token.tenant), logger: logger)
            throw APIError.invalidRefreshToken
        case .invalid:
            throw APIError.invalidRefreshToken
        }
    }

    /// Revokes the caller's access token and, when given, its refresh token's family.
    package func logout(_ identity: Identity, refreshToken: String?) async throws {
        try await revokedTokens.revoke(tenant: identity.tenantID, jti: identity.tokenID, expiresAt: identity.expiresAt)
        guard let refreshToken, let token = RefreshToken(parsing: refreshToken), token.tenant == identity.tenantID
        else {
            return
        }
        let secret = token.secret
        _ = try await refreshTokens.revokeFamily(tenant: token.tenant, id: token.id) {
            OpaqueSecret.matches(secret, storedDigest: $0)
        }
    }

    /// Changes the caller's own password after checking the current one, and ends every
    /// refresh-token family of the user (other devices must log in again).
    /// - Throws: ``APIError`` `invalid_credentials` (wrong current password, counted like a
    ///   failed login), `too_many_attempts`, `weak_password`, `busy`.
    package func changePassword(_ identity: Identity, current: String, new: String, logger: Logger) async throws {
        guard identity.kind == .user,
            let user = try await users.find(tenant: identity.tenantID, id: identity.subjectID), !user.isDisabled
        else { throw APIError.forbidden }
        // A stolen access token must not become an unthrottled password oracle.
        let throttleKey = keys.passwordChangeThrottleKey(user: user.id)
        if let until = try await throttle.lockedUntil(account: throttleKey, address: nil) {
            throw APIError.tooManyAttempts(retryAfter: Int(until.timeIntervalSinceNow.rounded(.up)))
        }
        let verification = try await mapHashing { try await hasher.verify(current, against: user.passwordHash) }
        guard case .match = verification else {
            await events.record(.loginFailed(tenant: identity.tenantID), logger: logger)
            if let until = try await throttle.recordFailure(throttleKey, rule: configuration.accountThrottle) {
                await events.record(.loginLocked(scope: "password_change", until: until), logger: logger)
            }
            throw APIError.invalidCredentials
        }
        try await throttle.reset(throttleKey)
        do {
            try configuration.passwordRules.check(new)
        } catch {
            throw APIError.weakPassword("new_password", reason: error.rawValue)
        }
        let hash = try await mapHashing { try await hasher.hash(new) }
        try await users.changePassword(tenant: identity.tenantID, id: user.id, hash: hash)
        await events.record(.passwordChanged(tenant: identity.tenantID, user: user.id), logger: logger)
    }

    private func pair(for user: UserRecord, refresh: RefreshToken) async throws -> TokenPair {
        let issued = try await tokens.issue(
            subject: Identity.subjectClaim(.user, user.id),
            tenant: user.tenantID.uuidString.lowercased(),
            roles: user.roles,
            scopes: []
        )
        return TokenPair(
            accessToken: issued.token,
            expiresIn: Int(configuration.accessTokenLifetime.components.seconds),
            refreshToken: refresh.wireForm,
            refreshExpiresIn: Int(configuration.refreshTokenLifetime.components.seconds)
        )
    }

    private func fail(tenant: UUID?, accountKey: Data, addressKey: Data?, logger: Logger) async throws -> Never {
        await events.record(.loginFailed(tenant: tenant), logger: logger)
        if let until = try await throttle.recordFailure(accountKey, rule: configuration.accountThrottle) {
            await events.record(.loginLocked(scope: "account", until: until), logger: logger)
        }
        if let addressKey, let until = try await throttle.recordFailure(addressKey, rule: configuration.addressThrottle)
        {
            await events.record(.loginLocked(scope: "address", until: until), logger: logger)
        }
        throw APIError.invalidCredentials
    }

    /// Re-hashes under the current policy; a failure is logged, never fails the login.
    private func rehash(_ user: UserRecord, password: String, logger: Logger) async {
        do {
            let hash = try await hasher.hash(password)
            try await users.updatePasswordHash(tenant: user.tenantID, id: user.id, hash: hash)
            logger.info(
                "password rehashed under the current policy",
                metadata: ["sigilo.user_id": "\(user.id.lowercasedString)"]
            )
        } catch {
            logger.warning("password rehash failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    private func mapHashing<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as PasswordHasherError where error.code == .busy {
            throw APIError.busy
        }
    }

    private func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds)
    }
}

extension Optional {
    /// `flatMap` for an async transform.
    func asyncFlatMap<Other>(_ transform: (Wrapped) async throws -> Other?) async rethrows -> Other? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
