import Foundation
import SigiloCore
import Testing

@Suite("Password rules")
struct PasswordRulesTests {
    /// The list shipped in the repository, found from this file's path.
    private static let shipped: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("policies/common-passwords.txt"), encoding: .utf8))
            ?? ""
    }()

    @Test("the shipped list loads, comments skipped")
    func shippedListLoads() {
        let rules = PasswordRules(commonPasswords: Self.shipped)
        #expect(rules.commonCount > 100)
        #expect(throws: PasswordRules.Violation.common) { try rules.check("Senha1234567") }
        #expect(throws: PasswordRules.Violation.common) { try rules.check("  PASSWORD1234 ") }
    }

    @Test("length counts characters: 12 to 256")
    func length() throws {
        let rules = PasswordRules(commonPasswords: "")
        #expect(throws: PasswordRules.Violation.tooShort) { try rules.check("short pass1") }
        try rules.check("açaí com mel")  // 12 characters, 14 bytes
        try rules.check(String(repeating: "ab", count: 128))
        #expect(throws: PasswordRules.Violation.tooLong) { try rules.check(String(repeating: "ab", count: 129)) }
    }

    @Test("one repeated character is refused; an ordinary passphrase passes")
    func repeatedAndGood() throws {
        let rules = PasswordRules(commonPasswords: "# a comment\nhunter2hunter2\n")
        #expect(throws: PasswordRules.Violation.common) { try rules.check("xxxxxxxxxxxxxxxx") }
        #expect(throws: PasswordRules.Violation.common) { try rules.check("Hunter2Hunter2") }
        try rules.check("cavalo correto bateria grampo")
    }
}
