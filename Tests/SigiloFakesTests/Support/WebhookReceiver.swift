import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SigiloFakes
import Synchronization

/// A tiny webhook endpoint on 127.0.0.1, port 0: records each POST's raw bytes and signature
/// header, and answers a chosen status.
final class WebhookReceiver: Sendable {
    /// One POST received.
    struct Delivery: Sendable {
        var body: Data
        var signature: String?

        /// The body parsed.
        var json: MetaJSON? { try? MetaJSON.parse(body) }

        /// Whether `signature` is the HMAC-SHA256 of the exact bytes under `secret`.
        func isSigned(with secret: String) -> Bool {
            let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            return signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        }
    }

    private let received = Mutex<[Delivery]>([])
    private let answer = Mutex(200)
    private let server = Mutex<Task<Void, Never>?>(nil)
    private let boundPort = Mutex(0)

    /// `http://127.0.0.1:<port>/webhooks/whatsapp`.
    var url: String { "http://127.0.0.1:\(boundPort.withLock { $0 })/webhooks/whatsapp" }

    static func start() async throws -> WebhookReceiver {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("/webhooks/whatsapp") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 8 << 20)
            let delivery = Delivery(
                body: Data(body.readableBytesView),
                signature: HTTPField.Name("X-Hub-Signature-256").flatMap { request.headers[$0] }
            )
            receiver.received.withLock { $0.append(delivery) }
            return Response(status: .init(code: receiver.answer.withLock { $0 }))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: {
                var logger = Logger(label: "test.receiver")
                logger.logLevel = .critical
                return logger
            }()
        )
        receiver.server.withLock { $0 = Task { try? await app.run() } }
        var iterator = ports.makeAsyncIterator()
        receiver.boundPort.withLock { $0 = 0 }
        let port = await iterator.next() ?? 0
        receiver.boundPort.withLock { $0 = port }
        return receiver
    }

    /// Answer `status` to the POSTs from now on.
    func answer(_ status: Int) { answer.withLock { $0 = status } }

    /// Everything received so far.
    func deliveries() -> [Delivery] { received.withLock { $0 } }

    /// Waits until at least `count` POSTs arrived (or `timeout` passed) and returns them.
    func waitFor(_ count: Int, timeout: Duration = .seconds(5)) async -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while received.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return deliveries()
    }

    func stop() async {
        let task = server.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}
