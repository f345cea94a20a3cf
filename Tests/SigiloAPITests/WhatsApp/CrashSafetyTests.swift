import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SigiloCrypto
import SigiloFakes
import SigiloStore
import SigiloTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real `sigilo serve` process killed with SIGKILL in the middle of a burst of inbound
/// webhooks and outbound sends, then started again.
@Suite("WhatsApp crash safety")
struct CrashSafetyTests {
    /// A running `sigilo serve`.
    final class Server: @unchecked Sendable {  // The Process is only touched from the test's task.
        let process = Process()

        init(environment: [String: String]) throws {
            process.executableURL = AuditCommandTests.binary
            process.arguments = ["serve"]
            process.environment = ["PATH": "/usr/bin:/bin", "LOG_LEVEL": "error"].merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        private let dead = Mutex(false)

        /// Whether ``kill()`` ran: the burst stops there (a client keeps retrying a refused
        /// connection until its deadline).
        var killed: Bool { dead.withLock { $0 } }

        func kill() {
            dead.withLock { $0 = true }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func request(
        _ method: HTTPMethod,
        _ url: String,
        json: [String: Any]? = nil,
        token: String? = nil
    ) async throws -> (status: Int, body: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(3))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    static func waitReady(_ base: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await request(.GET, base + "/readyz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError(message: "sigilo serve did not become ready")
    }

    @Test("SIGKILL mid-burst: no acknowledged inbound event is lost, no outbound message is sent twice")
    func sigkillMidBurst() async throws {
        try await IdentityFixture.with { identity, _ in
            let port = try FreePort.find()
            let base = "http://127.0.0.1:\(port)"
            var configuration = FakeGraphAPI.Configuration(
                accessToken: WhatsAppFixture.accessToken,
                appSecret: WhatsAppFixture.appSecret,
                webhookURL: base + "/webhooks/whatsapp",
                phoneNumbers: [
                    .init(
                        id: WhatsAppFixture.phoneNumberID,
                        displayNumber: WhatsAppFixture.displayNumber,
                        wabaID: WhatsAppFixture.wabaID
                    )
                ]
            )
            configuration.statuses = .init(sent: true, delivered: false, read: false)
            let fake = try await FakeGraphAPI.start(configuration, logger: silentLogger)
            let environment = [
                "DATABASE_URL": identity.database.applicationURL.connectionString,
                "DATABASE_OWNER_URL": identity.database.ownerURL.connectionString,
                "DATABASE_MIGRATIONS_DIRECTORY": RepositoryPaths.migrations,
                "DATABASE_POOL_SIZE": "8",
                "HTTP_HOST": "127.0.0.1",
                "HTTP_PORT": "\(port)",
                "KEYS_MASTER_KEY": TestKeys.masterKey,
                "AUTH_SIGNING_KEYS": TestKeys.signingKeys,
                "AUTH_POLICIES_DIRECTORY": TestPolicies.directory,
                "AUDIT_CHECKPOINT_KEY": TestKeys.checkpointSigner.encoded,
                "WHATSAPP_OUTBOX_LEASE": "10s",
                "WHATSAPP_GRAPH_HOSTS": "127.0.0.1",
            ]
            let first = try Server(environment: environment)
            var server = first
            defer { server.kill() }
            try await Self.waitReady(base)
            let login = try await Self.request(
                .POST,
                base + "/auth/login",
                json: ["tenant": "acme", "email": IdentityFixture.email("admin"), "password": IdentityFixture.password]
            )
            let token = try #require(login.body["access_token"] as? String)
            let channel = try await Self.request(
                .POST,
                base + "/whatsapp/channels",
                json: [
                    "phone_number_id": WhatsAppFixture.phoneNumberID, "waba_id": WhatsAppFixture.wabaID,
                    "display_number": WhatsAppFixture.displayNumber, "graph_base_url": fake.baseURL,
                    "access_token": WhatsAppFixture.accessToken, "app_secret": WhatsAppFixture.appSecret,
                    "verify_token": WhatsAppFixture.verifyToken,
                ],
                token: token
            )
            #expect(channel.status == 201)
            _ = try await fake.deliverInbound(.init(from: WhatsAppFixture.customer, content: .text("oi")))
            var conversation: String?
            for _ in 0..<100 where conversation == nil {
                let list = try await Self.request(.GET, base + "/conversations", token: token)
                conversation = (list.body["conversations"] as? [[String: Any]])?.first?["id"] as? String
                if conversation == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let conversationID = try #require(conversation)

            // The burst: inbound webhooks and outbound sends at once; the server dies mid-way.
            async let acknowledged: [String] = {
                var acked: [String] = []
                for number in 0..<400 where !first.killed {
                    let id = "wamid.crash.\(number)"
                    let (body, _) = try fake.inboundBatch([
                        [
                            [
                                .init(
                                    from: "55119876\(String(format: "%04d", number))",
                                    content: .text("n\(number)"),
                                    messageID: id
                                )
                            ]
                        ]
                    ])
                    if (try? await fake.deliverWebhook(body: body, secret: WhatsAppFixture.appSecret)) == 200 {
                        acked.append(id)
                    }
                }
                return acked
            }()
            async let accepted: [String] = {
                var ids: [String] = []
                for number in 0..<200 where !first.killed {
                    let reply = try? await Self.request(
                        .POST,
                        base + "/conversations/\(conversationID)/messages",
                        json: ["type": "text", "text": "resposta \(number)"],
                        token: token
                    )
                    if reply?.status == 202, let id = reply?.body["id"] as? String { ids.append(id) }
                }
                return ids
            }()
            try await Task.sleep(for: .milliseconds(1500))
            server.kill()
            let (inbound, outbound) = try await (acknowledged, accepted)
            #expect(inbound.count > 0 && inbound.count < 400, "the kill landed mid-burst: \(inbound.count) acked")
            #expect(outbound.count > 0 && outbound.count < 200, "the kill landed mid-burst: \(outbound.count) accepted")

            server = try Server(environment: environment)
            try await Self.waitReady(base)
            let owner = identity.database.pool(owner: true, maximumConnections: 1)
            try await owner.whileRunning {
                func count(_ sql: String) async throws -> Int {
                    Int(try await owner.strings(unsafeSQL: "SELECT (\(sql))::text").first ?? "") ?? -1
                }
                let wanted = inbound.map { "'\($0)'" }.joined(separator: ",")
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let stored = try await count("SELECT count(*) FROM messages WHERE wamid IN (\(wanted))")
                    let open = try await count("SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')")
                    if stored == inbound.count && open == 0 { break }
                    try await Task.sleep(for: .milliseconds(250))
                }
                #expect(try await count("SELECT count(*) FROM messages WHERE wamid IN (\(wanted))") == inbound.count)
                #expect(try await count("SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')") == 0)
                let ours = outbound.map { "'\($0)'" }.joined(separator: ",")
                #expect(
                    try await count(
                        "SELECT count(*) FROM outbox WHERE message_id IN (\(ours)) AND state IN ('sent', 'uncertain')"
                    )
                        == outbound.count
                )
                let callbacks = fake.sent().compactMap {
                    (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["biz_opaque_callback_data"]
                        as? String
                }
                #expect(callbacks.count == Set(callbacks).count, "a message was sent twice")
                // Every send matches a queued message (some were queued just before the kill cut
                // their 202 off: accepted, so sent, but never acknowledged).
                let queued = Set(try await owner.strings(unsafeSQL: "SELECT message_id::text FROM outbox"))
                #expect(Set(callbacks).isSubset(of: queued))
                let sentRows = try await count("SELECT count(*) FROM outbox WHERE state = 'sent'")
                #expect(sentRows <= callbacks.count)
            }
            await fake.stop()
        }
    }
}
