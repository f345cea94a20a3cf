import Foundation
package import SigiloCrypto

/// Keys for tests, generated once per test process: never a literal secret in the repository.
package enum TestKeys {
    /// The `kid` of ``signingKeys``' signing key.
    package static let signingKeyID = "test-" + SigningKeyMaterial.newKeyID()
    /// The private seed of the signing key (base64url), for tests that forge tokens.
    package static let signingKeySeed = SigningKeyMaterial.generate()
    /// A signing-key set (`auth.signingKeys`) holding one Ed25519 key.
    package static var signingKeys: String {
        #"{"keys":[{"kid":"\#(signingKeyID)","kty":"OKP","crv":"Ed25519","d":"\#(signingKeySeed)"}]}"#
    }
    /// A master key (`keys.masterKey`).
    package static let masterKey = MasterKey.generateBase64()
    /// An audit checkpoint signing key (`audit.checkpointKey`).
    package static let checkpointSigner = try! NoteSigner.generate(name: "sigilo.test/audit")
}
