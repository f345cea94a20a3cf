/// A button under a template's message.
///
/// Quick replies come back in the webhook as a `button` message (reference §3); link and call
/// buttons act on the customer's phone and come back as nothing.
package enum TemplateButton: Sendable, Equatable {
    /// A reply the customer sends with one tap (`"Parar promoções"`).
    case quickReply(text: String)
    /// Opens `url`, an http(s) address that may end in `{{1}}`, filled in when sending.
    /// `example` is a sample value for that variable, for Meta's review.
    case url(text: String, url: String, example: String? = nil)
    /// Calls `phone`, an E.164 number.
    case phoneNumber(text: String, phone: String)

    /// The button's label, 1 to 25 characters.
    package var text: String {
        switch self {
        case .quickReply(let text), .url(let text, _, _), .phoneNumber(let text, _): text
        }
    }

    /// The button's `type` in Sigilo's JSON (`quick_reply`, `url`, `phone_number`).
    package var type: String {
        switch self {
        case .quickReply: "quick_reply"
        case .url: "url"
        case .phoneNumber: "phone_number"
        }
    }
}
