import Foundation
import SigiloFakes
import Testing

@Suite("Access token (190)")
struct AuthTests {
    @Test("a missing or wrong Bearer token is refused with 401 and error 190/463")
    func wrongToken() async throws {
        try await Harness.with { harness in
            for token in [nil, "not-the-token"] {
                let answer = try await harness.call("GET", "\(Harness.phone.wabaID)/message_templates", token: token)
                #expect(answer.status == 401)
                let error = try #require(answer.json?["error"])
                #expect(error["code"]?.int == 190)
                #expect(error["error_subcode"]?.int == 463)
                #expect(error["type"]?.string == "OAuthException")
                #expect(error["message"]?.string?.hasPrefix("Error validating access token") == true)
                #expect(error["fbtrace_id"]?.string?.isEmpty == false)
            }
            #expect(harness.fake.sent().isEmpty)
            #expect(harness.fake.requests().map(\.hadValidAuth) == [false, false])
        }
    }

    @Test("after setAccessToken the old token gets 190 and the new one works")
    func rotation() async throws {
        try await Harness.with { harness in
            harness.fake.setAccessToken("EAAG-new")
            let old = try await harness.call("GET", "\(Harness.phone.wabaID)/message_templates")
            #expect(old.status == 401)
            #expect(old.code == 190)
            let new = try await harness.call("GET", "\(Harness.phone.wabaID)/message_templates", token: "EAAG-new")
            #expect(new.status == 200)
        }
    }
}
