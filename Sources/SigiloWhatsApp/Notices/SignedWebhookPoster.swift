package import AsyncHTTPClient
import Crypto
package import Foundation
import NIOCore
import NIOHTTP1

/// POSTs a JSON notice to a customer's endpoint, signed the way Meta signs its webhooks to us
/// but with a timestamp against replays:
/// `X-Sigilo-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
/// Used for the LGPD notices to a tenant's host CRM.
package struct SignedWebhookPoster: Sendable {
    private let httpClient: HTTPClient

    package init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    /// The signature header's value for `body` at `time`.
    package static func signature(body: String, secret: String, time: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(time).\(body)".utf8),
            using: SymmetricKey(data: Data(secret.utf8))
        )
        return "t=\(time),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// One POST of `body` to `url`; the HTTP status, or nil when no answer came within 10
    /// seconds (refused, timed out).
    package func post(url: String, body: String, event: String, delivery: UUID, secret: String) async -> Int? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Sigilo")
        request.headers.add(name: "X-Sigilo-Event", value: event)
        request.headers.add(name: "X-Sigilo-Delivery", value: delivery.uuidString.lowercased())
        request.headers.add(
            name: "X-Sigilo-Signature",
            value: Self.signature(body: body, secret: secret, time: Int(Date().timeIntervalSince1970))
        )
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}
