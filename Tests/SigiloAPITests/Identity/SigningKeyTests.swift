import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import SigiloCore
import SigiloCrypto
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Signing keys and rotation")
struct SigningKeyTests {
    @Test("after a rotation the JWKS lists both keys and tokens signed by the retired key stay valid")
    func rotation() async throws {
        let retiredSet = TestKeys.signingKeys
        let newID = "rotated-" + SigningKeyMaterial.newKeyID()
        let newKey = SigningKeyMaterial.generate()
        let retiredEntry = try JSONDecoder().decode(SigningKeySet.File.self, from: Data(retiredSet.utf8)).keys[0]
        let rotated = SigningKeySet.File(keys: [SigningKeySet.Entry(kid: newID, d: newKey), retiredEntry])
        let rotatedJSON = String(decoding: try JSONEncoder().encode(rotated), as: UTF8.self)

        try await IdentityFixture.with { fixture, app in
            let oldToken = try await app.test(.router) { client in try await client.accessToken("agent") }
            let reader = TestConfiguration.reader(
                database: fixture.database,
                overrides: ["auth.signingKeys": rotatedJSON]
            )
            let rotatedApp = try await buildApplication(reader: reader, logger: silentLogger)
            try await rotatedApp.test(.router) { client in
                let jwks = try await client.json(.get, "/.well-known/jwks.json")
                let kids = (jwks.object["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String }
                #expect(kids == [newID, TestKeys.signingKeyID])
                let old = try await client.json(.get, "/me", token: oldToken)
                #expect(old.status == .ok)
                let fresh = try await client.accessToken("agent")
                let header = try #require(Data(base64URLEncoded: String(fresh.split(separator: ".")[0])))
                #expect(String(decoding: header, as: UTF8.self).contains(newID))
            }
        }
    }

    @Test("malformed key sets stop start-up with a message naming the key, not the material")
    func badKeySets() async throws {
        for bad in ["", "{}", #"{"keys":[]}"#, #"{"keys":[{"kid":"a","kty":"RSA","crv":"Ed25519","d":"AA"}]}"#] {
            let error = #expect(throws: ConfigurationError.self) {
                _ = try SigningKeySet(json: Data(bad.utf8), key: "auth.signingKeys")
            }
            #expect(error?.key == "auth.signingKeys")
        }
    }
}
