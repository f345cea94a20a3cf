package import Foundation
package import JWTKit

/// Issues and verifies access tokens: EdDSA (Ed25519) JWTs with a `kid`, 15 minutes by default.
///
/// Verification accepts only `alg: EdDSA` with a `kid` this service published, so `alg: none`,
/// an HS256 token "signed" with a public key, and tokens of unknown keys fail before any
/// signature work. Keys that are retired for signing stay here for verification until the
/// last token they signed has expired.
package final class AccessTokens: Sendable {
    /// A signing key: the one in use signs, the others only verify.
    package struct Key: Sendable {
        package let id: String
        package let privateKey: EdDSA.PrivateKey

        package init(id: String, privateKey: EdDSA.PrivateKey) {
            self.id = id
            self.privateKey = privateKey
        }
    }

    /// Why a token was refused. One code on the wire (`invalid_token`): details help attackers.
    package struct Rejected: Error, Equatable {
        package enum Reason: String, Sendable {
            case malformed, algorithm, unknownKey, signature, expired, issuer, audience
        }
        package let reason: Reason
    }

    private let keys = JWTKeyCollection()
    private let verified = VerifiedTokens()
    private let knownKeyIDs: Set<String>
    private let signingKeyID: String
    private let issuer: String
    private let audience: String
    private let lifetime: Duration
    /// The public keys, for `/.well-known/jwks.json`.
    package let publicKeys: [(id: String, key: EdDSA.PublicKey)]

    /// - Parameters:
    ///   - signing: The key that signs new tokens.
    ///   - retired: Keys that only verify (rotation).
    ///   - issuer: The `iss` written and required.
    ///   - audience: The `aud` written and required.
    ///   - lifetime: How long a token is valid (15 minutes by default).
    package init(
        signing: Key,
        retired: [Key] = [],
        issuer: String,
        audience: String,
        lifetime: Duration = .seconds(900)
    ) async {
        for key in [signing] + retired {
            await keys.add(eddsa: key.privateKey, kid: JWKIdentifier(string: key.id))
        }
        self.knownKeyIDs = Set(([signing] + retired).map(\.id))
        self.signingKeyID = signing.id
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
        self.publicKeys = ([signing] + retired).map { ($0.id, $0.privateKey.publicKey) }
    }

    /// Issues a token for `subject` in `tenant`, valid from `now` for the configured lifetime.
    package func issue(
        subject: String,
        tenant: String,
        roles: [String],
        scopes: [String],
        now: Date = Date()
    ) async throws -> (token: String, claims: AccessTokenClaims) {
        // NumericDate may carry fractions, but many verifiers expect whole seconds.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let seconds = Double(lifetime.components.seconds)
        let claims = AccessTokenClaims(
            sub: .init(value: subject),
            tenant: tenant,
            roles: roles,
            scopes: scopes,
            jti: .init(value: UUID().uuidString.lowercased()),
            iss: .init(value: issuer),
            aud: .init(value: [audience]),
            iat: .init(value: now),
            nbf: .init(value: now.addingTimeInterval(-5)),
            exp: .init(value: now.addingTimeInterval(seconds))
        )
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: signingKeyID))
        return (token, claims)
    }

    /// Verifies a bearer token and returns its claims.
    /// - Throws: ``Rejected`` with the reason, for logs and metrics; callers answer 401 `invalid_token`.
    package func verify(_ token: String) async throws -> AccessTokenClaims {
        if let known = verified.claims(of: token) { return known }
        let header = try Self.header(of: token)
        guard header.alg == "EdDSA" else { throw Rejected(reason: .algorithm) }
        guard let kid = header.kid, knownKeyIDs.contains(kid) else { throw Rejected(reason: .unknownKey) }
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw Rejected(reason: .expired)
        } catch {
            throw Rejected(reason: .signature)
        }
        guard claims.iss.value == issuer else { throw Rejected(reason: .issuer) }
        guard claims.aud.value.contains(audience) else { throw Rejected(reason: .audience) }
        verified.remember(token, claims: claims)
        return claims
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// The decoded header, read before any key is chosen.
    private static func header(of token: String) throws -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { throw Rejected(reason: .malformed) }
        return header
    }
}

extension Data {
    /// Decodes unpadded base64url (RFC 4648 §5), as JWTs use.
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
