import Testing

@testable import SigiloWhatsApp

/// The channel's Bearer token goes only to Meta's media hosts or the Graph API's own host.
@Suite("Media download hosts")
struct MediaHostTests {
    @Test(
        "Meta's hosts and the configured Graph host may receive the token; nothing else",
        arguments: [
            (
                "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", "https://graph.facebook.com/v24.0",
                true
            ),
            ("https://scontent.whatsapp.net/v/t1/abc", "https://graph.facebook.com/v24.0", true),
            ("http://127.0.0.1:8090/_lookaside/x", "http://127.0.0.1:8090/v24.0", true),
            ("https://evil.example/steal", "https://graph.facebook.com/v24.0", false),
            ("https://fbsbx.com.evil.example/x", "https://graph.facebook.com/v24.0", false),
            ("http://127.0.0.1:9999/x", "https://graph.facebook.com/v24.0", false),
            ("not a url", "https://graph.facebook.com/v24.0", false),
        ]
    )
    func hosts(url: String, base: String, allowed: Bool) {
        #expect(MediaDownloader.mayReceiveToken(url, graphBaseURL: base) == allowed)
    }
}
