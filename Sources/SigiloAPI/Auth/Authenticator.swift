import Foundation
package import Hummingbird
import JWTKit
package import Logging
package import SigiloCore
package import SigiloStore

/// Turns `Authorization: Bearer <jwt>` (or an integration key, `Bearer sgk_…`) into an
/// ``Identity``, or a 401.
///
/// Beyond the signature and claims checks of ``AccessTokens``, a token revoked by logout, or
/// whose user is disabled or client revoked, is refused, and permissions come from the user's
/// current roles (one query in the token's tenant).
package struct Authenticator: Sendable {
    private let tokens: AccessTokens
    private let revoked: RevokedTokenRepository
    private let policy: PermissionPolicy
    private let integrationKeys: IntegrationKeyRepository

    package init(
        tokens: AccessTokens,
        revoked: RevokedTokenRepository,
        policy: PermissionPolicy,
        integrationKeys: IntegrationKeyRepository
    ) {
        self.tokens = tokens
        self.revoked = revoked
        self.policy = policy
        self.integrationKeys = integrationKeys
    }

    /// The caller of `request`.
    /// - Throws: ``APIError`` 401 `missing_token` or `invalid_token`.
    package func identify(_ request: Request, logger: Logger) async throws -> Identity {
        guard let header = request.headers[.authorization] else { throw APIError.missingToken }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.missingToken }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        if token.hasPrefix(IntegrationKeyRepository.prefix) {
            return try await identify(integrationKey: token, logger: logger)
        }
        return try await identify(token: token, logger: logger)
    }

    /// The identity of an integration key: its scopes, checked against the database on every
    /// request (a revoked key stops at once).
    private func identify(integrationKey: String, logger: Logger) async throws -> Identity {
        guard let holder = try await integrationKeys.holder(of: integrationKey) else {
            logger.info("access token refused", metadata: ["sigilo.auth.reason": "integration_key"])
            throw APIError.invalidToken
        }
        return Identity(
            kind: .integrationKey,
            subjectID: holder.id,
            tenantID: holder.tenant,
            roles: [],
            scopes: holder.scopes,
            permissions: policy.granted(roles: [], scopes: holder.scopes),
            tokenID: holder.id,
            expiresAt: .distantFuture
        )
    }

    /// The identity a bare access token carries (also used by token introspection).
    package func identify(token: String, logger: Logger) async throws -> Identity {
        let claims: AccessTokenClaims
        do {
            claims = try await tokens.verify(token)
        } catch let rejected as AccessTokens.Rejected {
            logger.info("access token refused", metadata: ["sigilo.auth.reason": "\(rejected.reason.rawValue)"])
            throw APIError.invalidToken
        }
        guard let claimed = Self.identity(of: claims, policy: policy) else {
            logger.info("access token refused", metadata: ["sigilo.auth.reason": "claims"])
            throw APIError.invalidToken
        }
        guard
            let current = try await revoked.currentGrants(
                tenant: claimed.tenantID,
                jti: claimed.tokenID,
                subject: claimed.subjectID,
                isClient: claimed.kind == .client
            )
        else {
            logger.info("access token refused", metadata: ["sigilo.auth.reason": "revoked"])
            throw APIError.invalidToken
        }
        // The database, not the token, decides what the caller may do now: a demoted user or a
        // narrowed client loses permissions at once. A client keeps only scopes it was issued.
        let identity = claimed.withGrants(
            roles: claimed.kind == .user ? current : [],
            scopes: claimed.kind == .client ? claimed.scopes.filter(current.contains) : [],
            policy: policy
        )
        return identity
    }

    private static func identity(of claims: AccessTokenClaims, policy: PermissionPolicy) -> Identity? {
        let subject = claims.sub.value.split(separator: ":", maxSplits: 1)
        guard subject.count == 2, let kind = Identity.Kind(rawValue: String(subject[0])),
            let subjectID = UUID(uuidString: String(subject[1])),
            let tenant = UUID(uuidString: claims.tenant),
            let jti = UUID(uuidString: claims.jti.value)
        else { return nil }
        return Identity(
            kind: kind,
            subjectID: subjectID,
            tenantID: tenant,
            roles: claims.roles,
            scopes: claims.scopes,
            permissions: policy.granted(roles: claims.roles, scopes: claims.scopes),
            tokenID: jti,
            expiresAt: claims.exp.value
        )
    }
}
