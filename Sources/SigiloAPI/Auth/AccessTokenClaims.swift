import Foundation
package import JWTKit

/// The claims of a Sigilo access token (a JWT signed with Ed25519).
///
/// `tenant`, `roles` and `scopes` decide what the bearer may do; `jti` names the token so it
/// can be revoked; `iss` and `aud` stop a token minted for another service from being accepted.
package struct AccessTokenClaims: JWTPayload, Equatable {
    package var sub: SubjectClaim
    package var tenant: String
    package var roles: [String]
    package var scopes: [String]
    package var jti: IDClaim
    package var iss: IssuerClaim
    package var aud: AudienceClaim
    package var iat: IssuedAtClaim
    package var nbf: NotBeforeClaim
    package var exp: ExpirationClaim

    /// Time checks run here; issuer and audience are checked by ``AccessTokens`` against its
    /// configuration.
    package func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
    }
}
