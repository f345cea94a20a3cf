import Foundation

/// Validation of channel settings.
enum ChannelRules {
    /// A Graph API base URL a tenant may choose: its host is one the operator allowed
    /// (`whatsapp.graphHosts`), so a tenant admin cannot point the server's requests at an
    /// internal service.
    static func isAllowedBaseURL(_ text: String, hosts: Set<String>) -> Bool {
        guard isAcceptableBaseURL(text), let host = URL(string: text)?.host?.lowercased() else { return false }
        return hosts.contains(host)
    }

    /// A Graph API base URL: https, or http only on this machine (the fake Graph API).
    static func isAcceptableBaseURL(_ text: String) -> Bool {
        guard text.count <= 300, !text.contains(" "), let url = URL(string: text), let host = url.host,
            url.query == nil, url.user == nil
        else { return false }
        switch url.scheme {
        case "https": return true
        case "http": return ["127.0.0.1", "localhost", "::1"].contains(host)
        default: return false
        }
    }

    /// Meta's ids: digits only.
    static func isGraphID(_ text: String) -> Bool {
        (1...32).contains(text.count) && text.allSatisfy(\.isASCIIDigit)
    }

    /// A business display number: digits, country code first (a leading `+` is dropped).
    static func displayNumber(_ text: String) -> String? {
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
        return (6...20).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit) ? digits : nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
