import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SigiloFakes

/// A started fake and receiver for one test, with a small Graph client.
struct Harness {
    static let token = "EAAG-test-token"
    static let secret = "app-secret-for-tests"
    static let phone = FakeGraphAPI.PhoneNumber(
        id: "106540352242922",
        displayNumber: "5511930001000",
        wabaID: "102290129340398"
    )

    let fake: FakeGraphAPI
    let receiver: WebhookReceiver

    /// Runs `body` with a fresh fake (configured by `configure`) posting to a fresh receiver.
    static func with(
        _ configure: (inout FakeGraphAPI.Configuration) -> Void = { _ in },
        run body: (Harness) async throws -> Void
    ) async throws {
        let receiver = try await WebhookReceiver.start()
        var configuration = FakeGraphAPI.Configuration(
            accessToken: token,
            appSecret: secret,
            webhookURL: receiver.url,
            phoneNumbers: [phone],
            statuses: .init(delay: .milliseconds(1))
        )
        configure(&configuration)
        let fake = try await FakeGraphAPI.start(configuration, logger: Logger(label: "test.fake"))
        do {
            try await body(Harness(fake: fake, receiver: receiver))
        } catch {
            await fake.stop()
            await receiver.stop()
            throw error
        }
        await fake.stop()
        await receiver.stop()
    }

    /// An HTTP answer: status, raw bytes and JSON when it parses.
    struct Answer {
        var status: Int
        var raw: Data
        var json: MetaJSON? { try? MetaJSON.parse(raw) }
        /// `error.code` of a Graph error body.
        var code: Int? { json?["error"]?["code"]?.int }
    }

    /// Calls `url` (relative to the Graph base URL unless absolute).
    func call(
        _ method: String,
        _ path: String,
        json: String? = nil,
        token: String? = Harness.token,
        contentType: String = "application/json",
        body: Data? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : "\(fake.baseURL)/\(path)")
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let bytes = body ?? json.map({ Data($0.utf8) }) {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let collected = try await response.body.collect(upTo: 8 << 20)
        return Answer(status: Int(response.status.code), raw: Data(collected.readableBytesView))
    }

    /// Sends a text to `to`.
    func sendText(_ to: String, _ text: String = "Olá!", extra: String = "") async throws -> Answer {
        try await call(
            "POST",
            "\(Harness.phone.id)/messages",
            json: #"{"messaging_product":"whatsapp","to":"\#(to)","type":"text","text":{"body":"\#(text)"}\#(extra)}"#
        )
    }

    /// Opens the 24-hour window for `from` by delivering an inbound message.
    func openWindow(_ from: String) async throws {
        _ = try await fake.deliverInbound(.init(from: from))
    }

    /// The `statuses[0]` of each delivery that carries one, in arrival order.
    static func statuses(_ deliveries: [WebhookReceiver.Delivery]) -> [MetaJSON] {
        deliveries.compactMap {
            $0.json?["entry"]?.array?.first?["changes"]?.array?.first?["value"]?["statuses"]?.array?.first
        }
    }
}
