import Foundation
import SigiloCore
import Testing

@Suite("Identity values and the permission policy")
struct IdentityValueTests {
    @Test("e-mail addresses are trimmed and lower-cased; non-addresses are refused; the description is redacted")
    func emails() {
        #expect(EmailAddress("  Ana.Souza@Exemplo.COM.br ")?.value == "ana.souza@exemplo.com.br")
        for bad in ["", "ana", "ana@", "@exemplo.com", "ana@exemplo", "ana souza@exemplo.com", "a@b@c.com", "ana@.com"]
        {
            #expect(EmailAddress(bad) == nil, "\(bad)")
        }
        #expect("\(EmailAddress("ana@exemplo.com")!)" == "<email>")
    }

    @Test("tenant slugs follow the database's rule")
    func slugs() {
        #expect(TenantSlug("acme-2")?.value == "acme-2")
        for bad in ["a", "-acme", "Acme", "acme_x", String(repeating: "a", count: 64), "açme"] {
            #expect(TenantSlug(bad) == nil, "\(bad)")
        }
    }

    @Test("the shipped roles.json parses; roles and scopes grant what it says, unknown names grant nothing")
    func shippedPolicy() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policies/roles.json")
        let policy = try PermissionPolicy(json: try Data(contentsOf: url))
        #expect(policy.granted(roles: ["agent"], scopes: []).contains("contacts:read"))
        #expect(!policy.granted(roles: ["agent"], scopes: []).contains("users:manage"))
        #expect(!policy.granted(roles: ["admin"], scopes: []).contains("audit:read"))
        #expect(policy.granted(roles: ["compliance"], scopes: []).contains("audit:read"))
        #expect(policy.granted(roles: [], scopes: ["messages:send"]) == ["messages:read", "messages:send"])
        #expect(policy.granted(roles: ["root"], scopes: ["everything"]).isEmpty)
    }

    @Test("a policy granting an undefined permission, or of another version, is refused")
    func invalidPolicies() {
        let undefined = #"{"version":1,"permissions":{"a:b":"x"},"roles":{"admin":["a:b","typo"]},"scopes":{}}"#
        #expect(throws: PermissionPolicy.Invalid.self) { try PermissionPolicy(json: Data(undefined.utf8)) }
        let scope = #"{"version":1,"permissions":{"a:b":"x"},"roles":{},"scopes":{"s":["nope"]}}"#
        #expect(throws: PermissionPolicy.Invalid.self) { try PermissionPolicy(json: Data(scope.utf8)) }
        let version = #"{"version":2,"permissions":{},"roles":{},"scopes":{}}"#
        #expect(throws: PermissionPolicy.Invalid.self) { try PermissionPolicy(json: Data(version.utf8)) }
        #expect(throws: PermissionPolicy.Invalid.self) { try PermissionPolicy(json: Data("[]".utf8)) }
    }

    @Test("durations accept m, h and d suffixes")
    func durations() throws {
        #expect(
            try ConfigurationValue.duration("15m", key: "k", in: .seconds(1) ... .seconds(100_000)) == .seconds(900)
        )
        #expect(
            try ConfigurationValue.duration("2h", key: "k", in: .seconds(1) ... .seconds(100_000)) == .seconds(7200)
        )
        #expect(
            try ConfigurationValue.duration("1d", key: "k", in: .seconds(1) ... .seconds(100_000)) == .seconds(86_400)
        )
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.duration("2d", key: "k", in: .seconds(1) ... .seconds(100_000))
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationValue.duration("xm", key: "k", in: .seconds(1) ... .seconds(10))
        }
    }
}
