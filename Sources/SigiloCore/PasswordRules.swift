/// What a new password must be: at least 12 characters (NIST SP 800-63B's advice for
/// passwords chosen without other factors is 8 minimum; 12 leaves room), at most 256, and not
/// one of the commonly used passwords shipped in `policies/common-passwords.txt`.
///
/// No composition rules (digits, symbols): they push people to predictable patterns.
public struct PasswordRules: Sendable {
    /// Why a candidate password was refused; the message never repeats the password.
    public enum Violation: String, Error, Sendable, Equatable {
        case tooShort = "password_too_short"
        case tooLong = "password_too_long"
        case common = "password_too_common"
    }

    public static let minimumLength = 12
    public static let maximumLength = 256
    private let common: Set<String>

    /// - Parameter commonPasswords: The list's text: one password per line, `#` comments.
    public init(commonPasswords: String) {
        var entries = Set<String>()
        for line in commonPasswords.split(whereSeparator: \.isNewline) {
            let entry = line.trimmingWhitespace()
            if !entry.isEmpty && !entry.hasPrefix("#") { entries.insert(entry.lowercased()) }
        }
        self.common = entries
    }

    /// How many entries the common-password list holds.
    public var commonCount: Int { common.count }

    /// Checks a candidate; comparisons with the list ignore case and surrounding spaces.
    public func check(_ candidate: String) throws(Violation) {
        let length = candidate.count
        guard length >= Self.minimumLength else { throw .tooShort }
        guard length <= Self.maximumLength else { throw .tooLong }
        let normalised = candidate.trimmingWhitespace().lowercased()
        if common.contains(normalised) || Set(normalised).count == 1 { throw .common }
    }
}
