import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SigiloFakes
import SigiloStore
import SigiloTesting

/// A live Sigilo (real PostgreSQL, real HTTP) wired to the fake Graph API: acme has one
/// WhatsApp channel pointing at the fake, whose webhooks come back to the server.
struct WhatsAppFixture: Sendable {
    static let phoneNumberID = "106540352242922"
    static let wabaID = "102290129340398"
    static let displayNumber = "15550783881"
    static let accessToken = "fake-access-token-0123456789abcdef"
    static let appSecret = "fake-app-secret-0123456789abcdef"
    static let verifyToken = "verify-token-0123456789abcdef"
    /// A customer: an older Brazilian mobile whose WhatsApp id lacks the ninth digit.
    static let customer = "551187654321"

    let identity: IdentityFixture
    let fake: FakeGraphAPI
    let client: any TestClientProtocol
    let admin: String
    let agent: String
    let channelID: String

    /// Runs `body` with the fixture: `statuses` and `fakeThroughput` tune the fake,
    /// `messagesPerSecond` the channel, `overrides` the server.
    static func with(
        overrides: [String: String] = [:],
        messagesPerSecond: Int = 80,
        statuses: FakeGraphAPI.StatusPlan = FakeGraphAPI.StatusPlan(),
        fakeThroughput: Int = 80,
        logger: Logger = silentLogger,
        _ body: @escaping @Sendable (WhatsAppFixture) async throws -> Void
    ) async throws {
        var configuration = FakeGraphAPI.Configuration(
            accessToken: accessToken,
            appSecret: appSecret,
            phoneNumbers: [.init(id: phoneNumberID, displayNumber: displayNumber, wabaID: wabaID)]
        )
        configuration.statuses = statuses
        configuration.throughputPerSecond = fakeThroughput
        let fake = try await FakeGraphAPI.start(configuration, logger: silentLogger)
        do {
            var settings = ["whatsapp.graphHosts": "graph.facebook.com,127.0.0.1"]
            settings.merge(overrides) { _, given in given }
            try await IdentityFixture.with(overrides: settings, logger: logger) { identity, app in
                try await app.test(.live) { client in
                    fake.setWebhookURL("http://127.0.0.1:\(client.port ?? 0)/webhooks/whatsapp")
                    let admin = try await client.accessToken("admin")
                    let agent = try await client.accessToken("agent")
                    let created = try await client.json(
                        .post,
                        "/whatsapp/channels",
                        body: [
                            "phone_number_id": phoneNumberID, "waba_id": wabaID, "display_number": displayNumber,
                            "graph_base_url": fake.baseURL, "access_token": accessToken, "app_secret": appSecret,
                            "verify_token": verifyToken, "messages_per_second": messagesPerSecond,
                        ],
                        token: admin
                    )
                    guard created.status == .created, let channel = created["id"] else {
                        throw FixtureError(message: "channel creation failed with \(created.status)")
                    }
                    try await body(
                        WhatsAppFixture(
                            identity: identity,
                            fake: fake,
                            client: client,
                            admin: admin,
                            agent: agent,
                            channelID: channel
                        )
                    )
                }
            }
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    /// The first column of `sql` run as the owner (every tenant's rows).
    func query(_ sql: String) async throws -> [String] {
        let owner = identity.database.pool(owner: true, maximumConnections: 1)
        return try await owner.whileRunning { try await owner.strings(unsafeSQL: sql) }
    }

    /// One number from `sql`.
    func count(_ sql: String) async throws -> Int {
        Int(try await query("SELECT (\(sql))::text").first ?? "") ?? -1
    }

    /// Waits until `condition` holds, up to `timeout`.
    @discardableResult
    func eventually(
        timeout: Duration = .seconds(20),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// The customer writes `text` (opens the 24-hour window); returns Meta's message id.
    @discardableResult
    func customerWrites(
        _ text: String,
        from: String = WhatsAppFixture.customer,
        name: String = "Maria Quitéria"
    )
        async throws -> String
    {
        let (id, status) = try await fake.deliverInbound(
            .init(from: from, profileName: name, content: .text(text))
        )
        guard status == 200 else { throw FixtureError(message: "webhook answered \(status)") }
        _ = try await eventually { try await count("SELECT count(*) FROM messages WHERE wamid = '\(id)'") == 1 }
        return id
    }

    /// The id of the (only) conversation with the customer.
    func conversationID() async throws -> String {
        try await query("SELECT id FROM conversations WHERE source = 'whatsapp' ORDER BY created_at DESC LIMIT 1")
            .first ?? ""
    }

    /// The contact created for the customer.
    func contactID() async throws -> String {
        try await query("SELECT contact_id FROM conversations WHERE source = 'whatsapp' ORDER BY created_at LIMIT 1")
            .first ?? ""
    }

    /// Sends a message through the API as the agent.
    func send(_ body: [String: Any], conversation: String) async throws -> JSONReply {
        try await client.json(.post, "/conversations/\(conversation)/messages", body: body, token: agent)
    }

    /// The status of our message `id`.
    func status(ofMessage id: String) async throws -> String {
        try await query("SELECT status FROM messages WHERE id = '\(id)'").first ?? ""
    }
}
