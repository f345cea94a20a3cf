import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs webhook bodies as Meta does: `Content-Type: application/json` and
/// `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, exact body bytes)>`.
enum WebhookPoster {
    /// The signature header value for `body` under `secret`.
    static func signature(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Posts `body` once (signed with `secret` unless nil) and returns the HTTP status.
    static func post(_ body: [UInt8], to url: String, secret: String?) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "facebookexternalua")
        if let secret { request.headers.add(name: "X-Hub-Signature-256", value: signature(body, secret: secret)) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
