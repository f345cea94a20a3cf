import Foundation
import Hummingbird
import JWTKit
import SigiloCrypto

/// `GET /.well-known/jwks.json`: the public keys that verify access tokens (RFC 7517, OKP
/// keys of RFC 8037), retired keys included until their tokens have expired.
package struct JWKSController: Sendable {
    private let document: JWKSDocument

    package init(tokens: AccessTokens) {
        self.document = JWKSDocument(
            keys: tokens.publicKeys.map { entry in
                JWKSDocument.Key(kid: entry.id, x: entry.key.rawRepresentation.base64URLEncodedString())
            }
        )
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get("/.well-known/jwks.json") { [document] _, _ in
            try JSONResponse.make(document, headers: [.cacheControl: "public, max-age=300"])
        }
    }
}

struct JWKSDocument: Encodable {
    struct Key: Encodable {
        var kty = "OKP"
        var crv = "Ed25519"
        var use = "sig"
        var alg = "EdDSA"
        var kid: String
        var x: String
    }

    var keys: [Key]
}
