import Foundation

/// A WhatsApp user id (`wa_id`): the digits of the account's number, country code first, no
/// `+`. Ids of older Brazilian mobiles lack the ninth digit, so ``lookupForms`` gives both forms,
/// as ``PhoneNumber/lookupForms`` does.
public struct WhatsAppID: Sendable, Hashable, CustomStringConvertible {
    /// 8 to 15 digits.
    public let digits: String

    /// Keeps the digits of `text` (spaces, `+`, dashes and parentheses are dropped); `nil` when
    /// anything else is present or the count is not 8 to 15.
    public init?(_ text: String) {
        var digits = ""
        for character in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            switch character {
            case "0"..."9": digits.append(character)
            case "+", " ", "-", "(", ")": continue
            default: return nil
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        self.digits = digits
    }

    /// The digit forms to index and search: both forms of a Brazilian mobile, else the id.
    public var lookupForms: [String] {
        guard let number = try? PhoneNumber("+" + digits) else { return [digits] }
        return number.lookupForms.map { String($0.dropFirst()) }
    }

    /// Redacted: an id is a telephone number, personal data.
    public var description: String { "<wa_id>" }
}
