import Foundation
import JWTKit
import Testing

@testable import SigiloAPI

/// The JWT attacks the identity issue lists, each refused.
@Suite("Access tokens")
struct AccessTokenTests {
    private let key = AccessTokens.Key(id: "k1", privateKey: try! EdDSA.PrivateKey(curve: .ed25519))

    private func tokens(
        issuer: String = "sigilo",
        audience: String = "sigilo-api",
        retired: [AccessTokens.Key] = []
    )
        async -> AccessTokens
    {
        await AccessTokens(signing: key, retired: retired, issuer: issuer, audience: audience)
    }

    private func issue(_ service: AccessTokens, now: Date = Date()) async throws -> String {
        try await service.issue(subject: "user-1", tenant: "tenant-a", roles: ["agent"], scopes: [], now: now).token
    }

    private func expectRejected(_ token: String, by service: AccessTokens, reason: AccessTokens.Rejected.Reason) async {
        await #expect(throws: AccessTokens.Rejected(reason: reason)) { try await service.verify(token) }
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("a token round-trips with its claims, 15 minutes long, with a kid")
    func roundTrip() async throws {
        let service = await tokens()
        let (token, issued) = try await service.issue(
            subject: "user-1",
            tenant: "tenant-a",
            roles: ["admin"],
            scopes: ["contacts:read"]
        )
        let claims = try await service.verify(token)
        #expect(claims.jti == issued.jti && claims.sub == issued.sub)
        // JWT times have whole seconds.
        #expect(Int(claims.exp.value.timeIntervalSince1970) == Int(issued.exp.value.timeIntervalSince1970))
        #expect(claims.tenant == "tenant-a" && claims.roles == ["admin"] && claims.scopes == ["contacts:read"])
        #expect(Int(claims.exp.value.timeIntervalSince(claims.iat.value)) == 900)
        let header = try #require(Data(base64URLEncoded: String(token.split(separator: ".")[0])))
        #expect(String(decoding: header, as: UTF8.self).contains(#""kid":"k1""#))
    }

    @Test("alg none is refused")
    func algNone() async throws {
        let service = await tokens()
        let valid = try await issue(service)
        let payload = valid.split(separator: ".")[1]
        let header = Self.base64URL(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
        await expectRejected("\(header).\(payload).", by: service, reason: .algorithm)
    }

    @Test("an HS256 token keyed with the published public key is refused")
    func algorithmConfusion() async throws {
        let service = await tokens()
        let forger = JWTKeyCollection()
        await forger.add(
            hmac: HMACKey(from: key.privateKey.publicKey.rawRepresentation),
            digestAlgorithm: .sha256,
            kid: "k1"
        )
        let claims = try await service.verify(try await issue(service))
        let forged = try await forger.sign(claims, kid: "k1")
        await expectRejected(forged, by: service, reason: .algorithm)
    }

    @Test("an unknown kid, and a foreign key under our kid, are refused")
    func wrongKeys() async throws {
        let service = await tokens()
        let claims = try await service.verify(try await issue(service))
        let attacker = JWTKeyCollection()
        let attackerKey = try EdDSA.PrivateKey(curve: .ed25519)
        await attacker.add(eddsa: attackerKey, kid: "other")
        await expectRejected(try await attacker.sign(claims, kid: "other"), by: service, reason: .unknownKey)
        let impostor = JWTKeyCollection()
        await impostor.add(eddsa: attackerKey, kid: "k1")
        await expectRejected(try await impostor.sign(claims, kid: "k1"), by: service, reason: .signature)
    }

    @Test("expired and not-yet-valid tokens are refused")
    func timeBounds() async throws {
        let service = await tokens()
        await expectRejected(
            try await issue(service, now: Date().addingTimeInterval(-3600)),
            by: service,
            reason: .expired
        )
        await expectRejected(
            try await issue(service, now: Date().addingTimeInterval(3600)),
            by: service,
            reason: .expired
        )
    }

    @Test("a token for another issuer or audience is refused")
    func issuerAndAudience() async throws {
        let service = await tokens()
        await expectRejected(try await issue(await tokens(issuer: "someone-else")), by: service, reason: .issuer)
        await expectRejected(try await issue(await tokens(audience: "another-api")), by: service, reason: .audience)
    }

    @Test("a tampered payload is refused")
    func tampered() async throws {
        let service = await tokens()
        let parts = try await issue(service).split(separator: ".").map(String.init)
        let payload = try #require(Data(base64URLEncoded: parts[1]))
        let edited = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "tenant-a", with: "tenant-b")
        await expectRejected(
            "\(parts[0]).\(Self.base64URL(Data(edited.utf8))).\(parts[2])",
            by: service,
            reason: .signature
        )
        await expectRejected("not.a.jwt", by: service, reason: .malformed)
    }

    @Test("after rotation, tokens signed by the retired key still verify")
    func rotation() async throws {
        let old = await tokens()
        let token = try await issue(old)
        let next = AccessTokens.Key(id: "k2", privateKey: try EdDSA.PrivateKey(curve: .ed25519))
        let rotated = await AccessTokens(signing: next, retired: [key], issuer: "sigilo", audience: "sigilo-api")
        #expect(try await rotated.verify(token).sub.value == "user-1")
        #expect(rotated.publicKeys.map(\.id) == ["k2", "k1"])
    }
}

@Suite("Verified-token cache")
struct VerifiedTokensTests {
    private static func claims(expiringIn seconds: TimeInterval, now: Date) -> AccessTokenClaims {
        AccessTokenClaims(
            sub: .init(value: "user:1"),
            tenant: "t",
            roles: ["agent"],
            scopes: [],
            jti: .init(value: UUID().uuidString.lowercased()),
            iss: .init(value: "sigilo"),
            aud: .init(value: ["sigilo-api"]),
            iat: .init(value: now),
            nbf: .init(value: now.addingTimeInterval(-5)),
            exp: .init(value: now.addingTimeInterval(seconds))
        )
    }

    @Test("a verified token is found again until it expires, then never; another token is not found")
    func expiry() {
        let cache = VerifiedTokens()
        let now = Date()
        let claims = Self.claims(expiringIn: 60, now: now)
        cache.remember("token-a", claims: claims, now: now)
        #expect(cache.claims(of: "token-a", now: now)?.jti.value == claims.jti.value)
        #expect(cache.claims(of: "token-b", now: now) == nil)
        #expect(cache.claims(of: "token-a", now: now.addingTimeInterval(61)) == nil)
        #expect(cache.claims(of: "token-a", now: now) == nil)
    }

    @Test("when full it forgets expired tokens first, and never grows past its capacity")
    func capacity() {
        let cache = VerifiedTokens(capacity: 3)
        let now = Date()
        cache.remember("old", claims: Self.claims(expiringIn: 1, now: now.addingTimeInterval(-10)), now: now)
        cache.remember("a", claims: Self.claims(expiringIn: 60, now: now), now: now)
        cache.remember("b", claims: Self.claims(expiringIn: 60, now: now), now: now)
        cache.remember("c", claims: Self.claims(expiringIn: 60, now: now), now: now)
        #expect(cache.claims(of: "a", now: now) != nil && cache.claims(of: "c", now: now) != nil)
        cache.remember("d", claims: Self.claims(expiringIn: 60, now: now), now: now)
        #expect(cache.claims(of: "d", now: now) != nil)
        #expect(cache.claims(of: "a", now: now) == nil)
    }

    @Test("an expired token verified earlier by AccessTokens is refused as expired, not served from the cache")
    func expiredAfterCaching() async throws {
        let key = AccessTokens.Key(id: "k1", privateKey: try EdDSA.PrivateKey(curve: .ed25519))
        let service = await AccessTokens(
            signing: key,
            retired: [],
            issuer: "sigilo",
            audience: "sigilo-api",
            lifetime: .seconds(1)
        )
        let (token, _) = try await service.issue(subject: "user:1", tenant: "t", roles: [], scopes: [])
        _ = try await service.verify(token)
        try await Task.sleep(for: .milliseconds(2100))
        await #expect(throws: AccessTokens.Rejected(reason: .expired)) { try await service.verify(token) }
    }
}
