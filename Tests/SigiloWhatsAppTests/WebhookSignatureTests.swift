import Foundation
import SigiloWhatsApp
import Testing

@Suite("Webhook signature and handshake")
struct WebhookSignatureTests {
    static let secret = Data("app-secret-for-tests".utf8)
    /// Meta's form: non-ASCII escaped as \uXXXX, "/" escaped; the signature is over these bytes.
    static let body = Data(
        #"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"text":{"body":"Ol\u00e1, n\u00e3o recebi o boleto \ud83d\ude22 https:\/\/x.example"}}]}}]}]}"#
            .utf8
    )

    @Test("a signature over the raw bytes verifies; the same JSON re-serialised does not")
    func rawBytes() throws {
        let signature = WebhookSignature(appSecret: Self.secret)
        let header = signature.header(for: Self.body)
        #expect(header.hasPrefix("sha256=") && header.count == 71)
        #expect(signature.isValid(body: Self.body, header: header))
        #expect(
            signature.isValid(
                body: Self.body,
                header: header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256=")
            )
        )
        let object = try JSONSerialization.jsonObject(with: Self.body)
        let reserialised = try JSONSerialization.data(withJSONObject: object)
        #expect(reserialised != Self.body)
        #expect(!signature.isValid(body: reserialised, header: header))
    }

    @Test(
        "a missing, malformed, truncated or foreign signature is refused",
        arguments: [nil, "", "sha256=", "sha1=abc", "sha256=zz", String(repeating: "0", count: 64)]
    )
    func refused(header: String?) {
        #expect(!WebhookSignature(appSecret: Self.secret).isValid(body: Self.body, header: header))
    }

    @Test("a body changed by one byte, or signed with another secret, is refused")
    func tampered() {
        let signature = WebhookSignature(appSecret: Self.secret)
        let header = signature.header(for: Self.body)
        var changed = Self.body
        changed[changed.startIndex + 40] ^= 0x01
        #expect(!signature.isValid(body: changed, header: header))
        let other = WebhookSignature(appSecret: Data("another-secret".utf8)).header(for: Self.body)
        #expect(!signature.isValid(body: Self.body, header: other))
        #expect(!signature.isValid(body: Self.body, header: String(header.dropLast(2))))
    }

    @Test("the handshake echoes the challenge only for subscribe with the right token")
    func handshake() {
        let token = "verify-token-123"
        #expect(
            WebhookHandshake.challenge(
                mode: "subscribe",
                verifyToken: token,
                challenge: "1158201444",
                expectedToken: token
            )
                == "1158201444"
        )
        #expect(
            WebhookHandshake.challenge(mode: "subscribe", verifyToken: "wrong", challenge: "1", expectedToken: token)
                == nil
        )
        #expect(
            WebhookHandshake.challenge(mode: "unsubscribe", verifyToken: token, challenge: "1", expectedToken: token)
                == nil
        )
        #expect(
            WebhookHandshake.challenge(mode: "subscribe", verifyToken: nil, challenge: "1", expectedToken: token) == nil
        )
        #expect(
            WebhookHandshake.challenge(mode: "subscribe", verifyToken: token, challenge: nil, expectedToken: token)
                == nil
        )
        #expect(
            WebhookHandshake.challenge(mode: "subscribe", verifyToken: "", challenge: "1", expectedToken: "") == nil
        )
        let long = String(repeating: "9", count: 257)
        #expect(
            WebhookHandshake.challenge(mode: "subscribe", verifyToken: token, challenge: long, expectedToken: token)
                == nil
        )
    }
}
