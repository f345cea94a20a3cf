import Foundation
import SigiloCore

extension OutboundMessage {
    /// Longest text body the Cloud API accepts, in characters.
    package static let maximumTextLength = 4096
    /// Longest media caption, in characters.
    package static let maximumCaptionLength = 1024
    /// Largest `biz_opaque_callback_data`, in UTF-8 bytes.
    package static let maximumCallbackDataBytes = 512

    /// Checks the Cloud API's limits before anything is sent (reference §5): text 1…4096
    /// characters, caption at most 1024, callback data at most 512 bytes, a phone number of
    /// 6–15 digits, media links over https.
    ///
    /// A media link may be plain http only on the loopback host (`127.0.0.1`, `localhost`), for
    /// the fake Graph API: Meta fetches links from the internet, and a clear-text link lets
    /// anyone on the path swap the file.
    /// - Throws: ``GraphCallError/invalidMessage(field:reason:)`` naming the wire field; the
    ///   value itself is never quoted.
    package func validate() throws(GraphCallError) {
        switch recipient {
        case .phone(let phone):
            let digits = phone.hasPrefix("+") ? phone.dropFirst() : Substring(phone)
            guard (6...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidMessage(field: "to", reason: "6 to 15 digits, with an optional leading +")
            }
        case .user(let user):
            guard Self.isToken(user, maximum: 256) else {
                throw .invalidMessage(field: "recipient", reason: "a business-scoped user id")
            }
        }
        try validateContent()
        if let replyTo, !Self.isToken(replyTo, maximum: 512) {
            throw .invalidMessage(field: "context.message_id", reason: "a message id")
        }
        if let callbackData, callbackData.utf8.count > Self.maximumCallbackDataBytes {
            throw .invalidMessage(field: "biz_opaque_callback_data", reason: "at most 512 bytes")
        }
    }

    private func validateContent() throws(GraphCallError) {
        switch content {
        case .text(let body, _):
            guard (1...Self.maximumTextLength).contains(body.count) else {
                throw .invalidMessage(field: "text.body", reason: "1 to 4096 characters")
            }
        case .template(let name, let language, _):
            guard Self.isToken(name, maximum: 512) else {
                throw .invalidMessage(field: "template.name", reason: "a template name")
            }
            guard Self.isToken(language, maximum: 16) else {
                throw .invalidMessage(field: "template.language.code", reason: "a language code")
            }
        case .media(let kind, let source, let caption, let filename):
            try Self.validate(source, of: kind)
            if let caption {
                guard kind != .audio, kind != .sticker else {
                    throw .invalidMessage(field: "\(kind.rawValue).caption", reason: "absent for audio and stickers")
                }
                guard caption.count <= Self.maximumCaptionLength else {
                    throw .invalidMessage(field: "\(kind.rawValue).caption", reason: "at most 1024 characters")
                }
            }
            if let filename {
                guard kind == .document else {
                    throw .invalidMessage(field: "\(kind.rawValue).filename", reason: "absent except for documents")
                }
                guard (1...240).contains(filename.count) else {
                    throw .invalidMessage(field: "document.filename", reason: "1 to 240 characters")
                }
            }
        case .reaction(let messageID, let emoji):
            guard Self.isToken(messageID, maximum: 512) else {
                throw .invalidMessage(field: "reaction.message_id", reason: "a message id")
            }
            guard emoji.count <= 1 else {
                throw .invalidMessage(field: "reaction.emoji", reason: "one emoji, or empty to remove")
            }
        }
    }

    private static func validate(_ source: MediaSource, of kind: MediaKind) throws(GraphCallError) {
        switch source {
        case .id(let id):
            guard isToken(id, maximum: 256) else {
                throw .invalidMessage(field: "\(kind.rawValue).id", reason: "a media id")
            }
        case .link(let link):
            guard isAcceptableLink(link) else {
                throw .invalidMessage(
                    field: "\(kind.rawValue).link",
                    reason: "an https URL (http only on 127.0.0.1 or localhost)"
                )
            }
        }
    }

    /// An https URL with a host, or http to the loopback host.
    static func isAcceptableLink(_ link: String) -> Bool {
        guard link.utf8.count <= 2048, let url = URL(string: link), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return host == "127.0.0.1" || host.lowercased() == "localhost"
        default: return false
        }
    }

    /// A non-empty identifier without whitespace or control characters.
    private static func isToken(_ value: String, maximum: Int) -> Bool {
        !value.isEmpty && value.utf8.count <= maximum
            && value.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F }
    }
}
