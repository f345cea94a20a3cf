extension FakeGraphAPI {
    /// One customer message to deliver as a Meta webhook (``FakeGraphAPI/deliverInbound(_:copies:)``).
    package struct SimulatedInbound: Sendable {
        /// The business number written to (`metadata.phone_number_id`); the first configured when nil.
        package var phoneNumberID: String?
        /// The customer's number (digits, `+` allowed); a 13-digit Brazilian mobile is sent as its
        /// 12-digit wa_id, as Meta does.
        package var from: String
        /// A business-scoped user id (`US.…`), sent as `user_id`/`from_user_id` (2026).
        package var userID: String?
        /// Leave `from`/`wa_id` out (a username user known only by ``userID``).
        package var omitPhone: Bool
        package var profileName: String?
        package var content: Content
        /// The `wamid` this message quotes (`context.id`).
        package var replyTo: String?
        /// The message id; generated when nil.
        package var messageID: String?

        /// What the customer sent.
        package enum Content: Sendable {
            case text(String)
            /// An image already in the fake's media store (``FakeGraphAPI/addMedia(_:mimeType:)``).
            case image(mediaID: String, caption: String?)
            /// A tap on a reply button of an interactive message.
            case buttonReply(id: String, title: String)
            /// A reaction; `emoji` nil when removed.
            case reaction(messageID: String, emoji: String?)
            case location(latitude: Double, longitude: Double, name: String?, address: String?)
        }

        /// Creates a simulated message; text `Olá` by default.
        package init(
            from: String,
            phoneNumberID: String? = nil,
            profileName: String? = "Cliente",
            content: Content = .text("Olá"),
            userID: String? = nil,
            omitPhone: Bool = false,
            replyTo: String? = nil,
            messageID: String? = nil
        ) {
            self.from = from
            self.phoneNumberID = phoneNumberID
            self.profileName = profileName
            self.content = content
            self.userID = userID
            self.omitPhone = omitPhone
            self.replyTo = replyTo
            self.messageID = messageID
        }
    }
}
