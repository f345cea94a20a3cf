import Crypto
import Foundation

/// The verification handshake Meta sends when a callback URL is configured:
/// `GET <callback>?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token>`.
///
/// The answer to a valid request is the challenge, verbatim, as `text/plain`; anything else is
/// refused. The token is compared in constant time (both sides hashed first, so not even its
/// length leaks).
package enum WebhookHandshake {
    /// The challenge to echo, or `nil` to refuse (mode not `subscribe`, wrong or missing token,
    /// missing or oversized challenge).
    package static func challenge(
        mode: String?,
        verifyToken: String?,
        challenge: String?,
        expectedToken: String
    ) -> String? {
        guard mode == "subscribe", let verifyToken, let challenge, !challenge.isEmpty, challenge.utf8.count <= 256,
            !expectedToken.isEmpty
        else { return nil }
        // swift-crypto compares digests in constant time.
        let matches = SHA256.hash(data: Data(verifyToken.utf8)) == SHA256.hash(data: Data(expectedToken.utf8))
        return matches ? challenge : nil
    }
}
