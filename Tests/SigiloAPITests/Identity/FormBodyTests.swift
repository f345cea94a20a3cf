import Testing

@testable import SigiloAPI

@Suite("Form bodies")
struct FormBodyTests {
    @Test("form decoding handles + and percent escapes; repeated or malformed parameters are refused")
    func parsing() {
        let form = FormBody("grant_type=client_credentials&scope=contacts%3Aread+messages%3Asend&empty=")
        #expect(form?["grant_type"] == "client_credentials")
        #expect(form?["scope"] == "contacts:read messages:send")
        #expect(form?["empty"] == "")
        #expect(FormBody("a=1&a=2") == nil)
        #expect(FormBody("a=%zz") == nil)
        #expect(FormBody("=x") == nil)
        #expect(FormBody("")?.values.isEmpty == true)
    }
}
