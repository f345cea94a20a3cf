extension FakeGraphAPI {
    /// How a fake Graph API behaves: its credentials, its business numbers, where its webhooks go
    /// and which of Meta's limits it enforces.
    package struct Configuration: Sendable {
        /// The one Bearer token accepted; any other gets error 190 (see ``FakeGraphAPI/setAccessToken(_:)``).
        package var accessToken: String
        /// The app secret: the HMAC-SHA256 key of `X-Hub-Signature-256` on every webhook.
        package var appSecret: String
        /// Where signed webhooks are POSTed (the server's `POST /webhooks/whatsapp`); nil sends none.
        package var webhookURL: String?
        /// The business phone numbers the fake knows; sends to others answer error 100.
        package var phoneNumbers: [PhoneNumber]
        /// Accepted sends per phone number in any sliding second; beyond it, HTTP 429 code 130429.
        package var throughputPerSecond: Int
        /// When set, a recipient outside it is refused with 131030 (a development number).
        package var allowList: Set<String>?
        /// wa_ids that are not on WhatsApp: accepted, then an async `failed` 131026.
        package var unreachable: Set<String>
        /// Whether a free-form send outside the 24-hour window fails (async 131047).
        package var enforcesServiceWindow: Bool
        /// How long a media download URL works (on the fake clock).
        package var mediaURLLifetime: Duration
        /// Which receipts follow an accepted send.
        package var statuses: StatusPlan
        /// Listening address; port 0 picks a free one.
        package var host: String
        package var port: Int
        /// The Graph API version in every path, e.g. `v24.0`.
        package var version: String

        /// Creates a configuration; only the credentials and numbers have no default.
        package init(
            accessToken: String,
            appSecret: String,
            webhookURL: String? = nil,
            phoneNumbers: [PhoneNumber],
            throughputPerSecond: Int = 80,
            allowList: Set<String>? = nil,
            unreachable: Set<String> = [],
            enforcesServiceWindow: Bool = true,
            mediaURLLifetime: Duration = .seconds(300),
            statuses: StatusPlan = StatusPlan(),
            host: String = "127.0.0.1",
            port: Int = 0,
            version: String = "v24.0"
        ) {
            self.accessToken = accessToken
            self.appSecret = appSecret
            self.webhookURL = webhookURL
            self.phoneNumbers = phoneNumbers
            self.throughputPerSecond = throughputPerSecond
            self.allowList = allowList
            self.unreachable = unreachable
            self.enforcesServiceWindow = enforcesServiceWindow
            self.mediaURLLifetime = mediaURLLifetime
            self.statuses = statuses
            self.host = host
            self.port = port
            self.version = version
        }
    }

    /// A business phone number registered with the fake.
    package struct PhoneNumber: Sendable, Equatable {
        /// The `phone_number_id` in send URLs and webhook metadata.
        package var id: String
        /// `display_phone_number` in webhook metadata (digits).
        package var displayNumber: String
        /// The WhatsApp Business Account owning it (`entry[].id`, template store).
        package var wabaID: String

        /// Creates a phone number.
        package init(id: String, displayNumber: String, wabaID: String) {
            self.id = id
            self.displayNumber = displayNumber
            self.wabaID = wabaID
        }
    }

    /// The receipts sent after an accepted send, each as its own signed webhook POST.
    package struct StatusPlan: Sendable {
        package var sent: Bool
        package var delivered: Bool
        package var read: Bool
        /// Extra copies of each receipt (Meta delivers at least once).
        package var duplicates: Int
        /// Deliver in reverse order (read before delivered before sent).
        package var shuffled: Bool
        /// Pause before each receipt.
        package var delay: Duration

        /// Creates a plan; by default `sent` then `delivered`, once each, 20 ms apart.
        package init(
            sent: Bool = true,
            delivered: Bool = true,
            read: Bool = false,
            duplicates: Int = 0,
            shuffled: Bool = false,
            delay: Duration = .milliseconds(20)
        ) {
            self.sent = sent
            self.delivered = delivered
            self.read = read
            self.duplicates = duplicates
            self.shuffled = shuffled
            self.delay = delay
        }

        /// The statuses to send, in delivery order, copies included.
        var sequence: [String] {
            let chosen = [("sent", sent), ("delivered", delivered), ("read", read)].filter(\.1).map(\.0)
            let ordered = shuffled ? chosen.reversed() : chosen
            return ordered.flatMap { Array(repeating: $0, count: 1 + max(0, duplicates)) }
        }
    }
}
