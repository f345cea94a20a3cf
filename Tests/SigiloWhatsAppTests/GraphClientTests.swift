import AsyncHTTPClient
import Foundation
import Logging
import SigiloCore
import SigiloFakes
import SigiloWhatsApp
import Synchronization
import Testing

/// The client against the loopback fake of the Graph API (SigiloFakes), over real HTTP.
@Suite("Graph API client against the fake")
struct GraphClientTests {
    static let token = "EAAG-client-test-token-0123456789"
    static let phone = FakeGraphAPI.PhoneNumber(
        id: "106540352242922",
        displayNumber: "5511930001000",
        wabaID: "102290129340398"
    )
    static let customer = "5511987654321"
    static let text = "Olá Maria, seu boleto vence amanhã"

    /// Runs `body` with a fresh fake (accepting `throughputPerSecond` sends a second) and a client
    /// pointed at it, logging into `logs`.
    static func withFake(
        throughputPerSecond: Int = 80,
        run body: (FakeGraphAPI, GraphClient, Logger, CapturedLogs) async throws -> Void
    ) async throws {
        var configuration = FakeGraphAPI.Configuration(
            accessToken: token,
            appSecret: "app-secret-for-client-tests",
            phoneNumbers: [phone],
            enforcesServiceWindow: false
        )
        configuration.throughputPerSecond = throughputPerSecond
        let fake = try await FakeGraphAPI.start(configuration, logger: Logger(label: "test.fake"))
        let logs = CapturedLogs()
        var logger = Logger(label: "test.client") { _ in CapturingLogHandler(logs: logs) }
        logger.logLevel = .trace
        let client = GraphClient(httpClient: .shared, baseURL: fake.baseURL + "/", timeout: .seconds(10))
        do {
            try await body(fake, client, logger, logs)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    @Test("a text send returns the wamid and the canonical wa_id; the fake got our wire body")
    func sendText() async throws {
        try await Self.withFake { fake, client, logger, logs in
            let message = OutboundMessage(
                to: .phone(Self.customer),
                content: .text(body: Self.text, previewURL: false),
                callbackData: "outbox:1"
            )
            let receipt = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
            #expect(receipt.messageID.hasPrefix("wamid."))
            #expect(receipt.input == Self.customer)
            #expect(receipt.waID == "551187654321")
            #expect(receipt.messageStatus == "accepted")
            let sent = try #require(fake.sent().first)
            #expect(sent.messageID == receipt.messageID)
            #expect(try JSONDecoder().decode(OutboundMessage.self, from: sent.body) == message)
            #expect(fake.requests().allSatisfy { $0.hadValidAuth })
            try await client.markRead(
                messageID: receipt.messageID,
                phoneNumberID: Self.phone.id,
                token: Self.token,
                logger: logger
            )
            logs.expectNoSecrets()
        }
    }

    @Test("an expired token is error 190: token_expired, with Meta's fbtrace_id logged")
    func expiredToken() async throws {
        try await Self.withFake { fake, client, logger, logs in
            fake.setAccessToken("rotated-token")
            let message = OutboundMessage(to: .phone(Self.customer), content: .text(body: Self.text, previewURL: false))
            do {
                _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
                Issue.record("expected 190")
            } catch let error as GraphCallError {
                #expect(error.graphError?.code == 190)
                #expect(error.httpStatus == 401)
                #expect(error.meaning == .tokenExpired)
                let trace = try #require(error.fbtraceID)
                #expect(logs.lines.contains { $0.contains("whatsapp.fbtrace_id=\(trace)") })
                #expect(logs.lines.contains { $0.contains("whatsapp.error_code=190") })
            }
            logs.expectNoSecrets()
        }
    }

    @Test("over the throughput cap is 130429 (HTTP 429): retryable as throughput")
    func throughput() async throws {
        try await Self.withFake(throughputPerSecond: 1) { _, client, logger, logs in
            let message = OutboundMessage(to: .phone(Self.customer), content: .text(body: Self.text, previewURL: false))
            _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
            do {
                _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
                Issue.record("expected 130429")
            } catch let error as GraphCallError {
                #expect(error.graphError?.code == 130_429)
                #expect(error.httpStatus == 429)
                #expect(error.meaning == .retryable(.throughput))
                var machine = OutboxAttempt()
                var random = SplitMix64(seed: 1)
                let action = machine.record(.failed(error), now: Date(timeIntervalSince1970: 0), random: &random)
                guard case .retry(_, .throughput) = action else {
                    Issue.record("expected a throughput retry, got \(action)")
                    return
                }
            }
            logs.expectNoSecrets()
        }
    }

    @Test("injected failures: 131026 is an invalid number, an HTML 503 is a bare status")
    func injected() async throws {
        try await Self.withFake { fake, client, logger, _ in
            let message = OutboundMessage(to: .phone(Self.customer), content: .text(body: Self.text, previewURL: false))
            fake.failNext(.init(code: 131_026, httpStatus: 400))
            do {
                _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
                Issue.record("expected 131026")
            } catch let error as GraphCallError {
                #expect(error.meaning == .invalidNumber)
            }
            fake.failNext(.init(code: 1, httpStatus: 503, nonJSONBody: true))
            do {
                _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
                Issue.record("expected a 503")
            } catch let error as GraphCallError {
                #expect(error == .httpStatus(503))
                #expect(error.meaning == .retryable(.transient))
            }
        }
    }

    @Test("a message breaking a limit is refused before any request")
    func validatedFirst() async throws {
        try await Self.withFake { fake, client, logger, _ in
            let message = OutboundMessage(to: .phone(Self.customer), content: .text(body: "", previewURL: false))
            await #expect(throws: GraphCallError.invalidMessage(field: "text.body", reason: "1 to 4096 characters")) {
                _ = try await client.send(message, from: Self.phone.id, token: Self.token, logger: logger)
            }
            #expect(fake.requests().isEmpty)
        }
    }

    @Test("media in two steps: id → info → Bearer download, checksum and size checked")
    func media() async throws {
        try await Self.withFake { fake, client, logger, logs in
            let bytes = Data((0..<5000).map { UInt8($0 % 251) })
            let id = fake.addMedia(bytes, mimeType: "image/jpeg")
            let info = try await client.mediaInfo(id: id, token: Self.token, logger: logger)
            #expect(info.id == id)
            #expect(info.mimeType == "image/jpeg")
            #expect(info.fileSize == 5000)
            #expect(info.sha256 != nil)
            #expect(!info.url.contains(Self.token))
            let downloaded = try await client.downloadMedia(
                info,
                token: Self.token,
                maximumBytes: 10_000,
                logger: logger
            )
            #expect(downloaded == bytes)
            #expect(fake.requests().allSatisfy { $0.hadValidAuth })

            // Base64 checksums (as in some webhooks) are accepted too.
            var base64 = info
            let hex = Array(try #require(info.sha256).utf8)
            let digest = stride(from: 0, to: hex.count, by: 2).compactMap {
                UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)
            }
            base64.sha256 = Data(digest).base64EncodedString()
            #expect(
                try await client.downloadMedia(base64, token: Self.token, maximumBytes: 10_000, logger: logger) == bytes
            )

            var tampered = info
            tampered.sha256 = String(repeating: "0", count: 64)
            await #expect(throws: GraphCallError.mediaChecksumMismatch) {
                _ = try await client.downloadMedia(tampered, token: Self.token, maximumBytes: 10_000, logger: logger)
            }
            // Too large, by Meta's announced size and by the bytes themselves.
            await #expect(throws: GraphCallError.mediaTooLarge) {
                _ = try await client.downloadMedia(info, token: Self.token, maximumBytes: 4999, logger: logger)
            }
            var unsized = info
            unsized.fileSize = nil
            await #expect(throws: GraphCallError.mediaTooLarge) {
                _ = try await client.downloadMedia(unsized, token: Self.token, maximumBytes: 1000, logger: logger)
            }
            // The token is never sent to a clear-text address off loopback.
            var insecure = info
            insecure.url = "http://example.com/media"
            await #expect(throws: GraphCallError.malformedResponse) {
                _ = try await client.downloadMedia(insecure, token: Self.token, maximumBytes: 10_000, logger: logger)
            }
            logs.expectNoSecrets()
        }
    }

    @Test("templates: every page is read by cursor; a submission comes back PENDING and is listed")
    func templates() async throws {
        try await Self.withFake { fake, client, logger, logs in
            for index in 0..<230 {
                fake.addTemplate(wabaID: Self.phone.wabaID, name: "modelo_\(index)", bodyText: "Olá {{1}}")
            }
            let listed = try await client.templates(wabaID: Self.phone.wabaID, token: Self.token, logger: logger)
            #expect(listed.count == 230)
            #expect(Set(listed.map(\.name)).count == 230)
            #expect(listed.allSatisfy { $0.id != nil && $0.status == "APPROVED" && $0.category == "UTILITY" })
            #expect(listed.first?.components.first?.text == "Olá {{1}}")
            let pages = fake.requests().filter { $0.path.hasSuffix("/message_templates") }
            #expect(pages.count == 3)
            let template = try MessageTemplate(meta: try #require(listed.first))
            #expect(template.status == .approved)

            let draft = MetaTemplate(
                name: "lembrete_pagamento",
                language: "pt_BR",
                category: "UTILITY",
                parameterFormat: "POSITIONAL",
                components: [
                    MetaTemplateComponent(
                        type: "BODY",
                        text: "Olá {{1}}, vence {{2}}.",
                        example: MetaTemplateExample(bodyText: [["Maria", "10/05"]])
                    )
                ]
            )
            let submission = try await client.submitTemplate(
                draft,
                wabaID: Self.phone.wabaID,
                token: Self.token,
                logger: logger
            )
            #expect(submission.status == "PENDING")
            #expect(submission.category == "UTILITY")
            let again = try await client.templates(wabaID: Self.phone.wabaID, token: Self.token, logger: logger)
            let created = try #require(again.first { $0.name == "lembrete_pagamento" })
            #expect(created.id == submission.id)
            #expect(created.status == "PENDING")
            logs.expectNoSecrets()
        }
    }

    @Test("path components are escaped: an id cannot reach another endpoint")
    func escaping() async throws {
        try await Self.withFake { fake, client, logger, _ in
            do {
                _ = try await client.mediaInfo(
                    id: "../\(Self.phone.id)/messages?x=1#y",
                    token: Self.token,
                    logger: logger
                )
                Issue.record("expected Meta's unknown-object error")
            } catch let error as GraphCallError {
                #expect(error.graphError?.code == 100)
            }
            #expect(fake.requests().allSatisfy { $0.method == "GET" })
            #expect(fake.sent().isEmpty)
        }
    }
}

@Suite("Graph API client transport failures")
struct GraphClientTransportTests {
    @Test("connection refused: a transport failure before anything was sent, so a retry is safe")
    func refused() async throws {
        // Port 1 on loopback: nothing listens there.
        let client = GraphClient(httpClient: .shared, baseURL: "http://127.0.0.1:1/v24.0", timeout: .seconds(1))
        let message = OutboundMessage(to: .phone("5511987654321"), content: .text(body: "x", previewURL: false))
        do {
            _ = try await client.send(message, from: "1", token: "t", logger: Logger(label: "test"))
            Issue.record("expected a transport failure")
        } catch {
            #expect(error == .transport(requestMayHaveBeenSent: false))
            var machine = OutboxAttempt()
            var random = FixedRandom.bottom
            let now = Date(timeIntervalSince1970: 0)
            #expect(machine.record(.failed(error), now: now, random: &random) == .retry(at: now, reason: .transient))
        }
    }
}

/// Log lines rendered as text (message and metadata), shared by the handler's copies.
final class CapturedLogs: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    /// Asserts that no line holds the token, the customer's number or the message text.
    func expectNoSecrets(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!lines.isEmpty, sourceLocation: sourceLocation)
        for line in lines {
            #expect(!line.contains(GraphClientTests.token), sourceLocation: sourceLocation)
            #expect(!line.contains("987654321"), sourceLocation: sourceLocation)
            #expect(!line.contains("boleto"), sourceLocation: sourceLocation)
        }
    }
}

/// A log handler writing every record into ``CapturedLogs``.
struct CapturingLogHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        logs.append("\(event.level) \(event.message) \(rendered)")
    }
}
