package import SigiloCore

/// A message Sigilo sends through the Cloud API (`POST /{phone-number-id}/messages`,
/// reference §5): to whom, what, and optionally the message it quotes and data Meta echoes in
/// its status webhooks.
///
/// Its `Codable` form *is* the wire body (`messaging_product`, `to`/`recipient`, `type`, …),
/// so what the outbox stores is exactly what is sent, and a stored row decodes back to the
/// same value. ``wireBody()`` produces the bytes to post; call ``validate()`` first (the
/// client does).
package struct OutboundMessage: Sendable, Equatable {
    /// Who receives the message.
    package var recipient: Recipient
    /// What the message says.
    package var content: Content
    /// The `wamid.…` this message quotes (`context.message_id`).
    package var replyTo: String?
    /// Opaque data (at most 512 bytes) Meta echoes as `biz_opaque_callback_data` in the
    /// message's status webhooks: the outbox puts its row id here, so a send whose answer was
    /// lost can be recognised when its statuses arrive.
    package var callbackData: String?

    /// Creates a message.
    /// - Parameters:
    ///   - recipient: Who receives it.
    ///   - content: What it says.
    ///   - replyTo: The `wamid.…` it quotes, if any.
    ///   - callbackData: Data Meta echoes in status webhooks, at most 512 bytes.
    package init(to recipient: Recipient, content: Content, replyTo: String? = nil, callbackData: String? = nil) {
        self.recipient = recipient
        self.content = content
        self.replyTo = replyTo
        self.callbackData = callbackData
    }

    /// Who receives a message.
    package enum Recipient: Sendable, Equatable {
        /// A phone number: country code and digits, `+` optional (sent as `to`).
        case phone(String)
        /// A business-scoped user id (BSUID, 2026) of a WhatsApp username user (sent as
        /// `recipient`).
        case user(String)
    }

    /// What a message says.
    package enum Content: Sendable, Equatable {
        /// Free-form text (only inside the 24-hour window); `previewURL` asks WhatsApp to show
        /// a preview of the first link.
        case text(body: String, previewURL: Bool)
        /// An approved template with its parameters (``RenderedTemplate/components``).
        case template(name: String, language: String, components: CloudTemplateComponents)
        /// An image, audio, video, document or sticker, uploaded to Meta or at a public link.
        case media(kind: MediaKind, source: MediaSource, caption: String?, filename: String?)
        /// A reaction to `messageID`; an empty `emoji` removes an earlier reaction.
        case reaction(messageID: String, emoji: String)
    }

    /// The kinds of media message; the raw value is the wire `type`.
    package enum MediaKind: String, Sendable, Equatable, CaseIterable {
        case image
        case audio
        case video
        case document
        case sticker
    }

    /// Where Meta takes a media message's file from: `{"id":…}` (uploaded to Meta) or
    /// `{"link":…}` (downloaded by Meta when sending). The same shape as a template header's.
    package typealias MediaSource = TemplateMediaSource
}
