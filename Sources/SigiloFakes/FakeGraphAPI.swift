import Foundation
import Hummingbird
package import Logging
import NIOCore
import Synchronization

/// A loopback imitation of Meta's WhatsApp Cloud API (Graph API), written from
/// shared/reference/whatsapp-cloud-api.md and never from Sigilo's client, so the two cannot
/// share a wire bug.
///
/// It answers sends, media and template calls as Meta does (error bodies, codes 100, 190,
/// 130429, 131030, 132000, 132001), then POSTs signed status webhooks to ``Configuration/webhookURL``
/// (async `failed` 131047 outside the 24-hour window, 131026 for unreachable numbers). Tests and
/// `sigilo dev fake-meta` steer it through its control methods or `/_fake/…`.
package final class FakeGraphAPI: Sendable {
    /// The configuration it started with (the token and webhook URL may change since).
    package let configuration: Configuration
    let logger: Logger
    let state: Mutex<FakeGraphState>
    let background = BackgroundTasks()
    private let server = Mutex<Task<Void, Never>?>(nil)
    private let boundPort = Mutex(0)

    private init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(FakeGraphState(accessToken: configuration.accessToken, webhookURL: configuration.webhookURL))
    }

    /// Starts the fake on `configuration.host`/`port` and returns once it listens.
    ///
    /// - Parameters:
    ///   - configuration: Credentials, numbers and limits.
    ///   - logger: The fake's logger (requests are logged at debug level).
    /// - Throws: ``FakeGraphError/couldNotListen`` when the server did not start.
    package static func start(_ configuration: Configuration, logger: Logger) async throws -> FakeGraphAPI {
        let fake = FakeGraphAPI(configuration: configuration, logger: logger)
        guard
            let (task, port) = await LoopbackServer.start(
                FakeGraphResponder(fake: fake),
                host: configuration.host,
                port: configuration.port,
                name: "fake Graph API",
                logger: logger
            )
        else { throw FakeGraphError.couldNotListen }
        fake.server.withLock { $0 = task }
        fake.boundPort.withLock { $0 = port }
        return fake
    }

    /// Stops the server and any webhook still being delivered.
    package func stop() async {
        await background.cancelAll()
        let task = server.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// The TCP port it listens on.
    package var port: Int { boundPort.withLock { $0 } }

    /// `http://<host>:<port>/<version>`: the Graph base URL for the client under test.
    package var baseURL: String { "\(origin)/\(configuration.version)" }

    /// `http://<host>:<port>`.
    package var origin: String { "http://\(configuration.host):\(port)" }

    /// Waits until every webhook scheduled so far was delivered or dropped.
    package func waitForWebhooks() async {
        await background.waitForAll()
    }

    /// Webhook POSTs answered 2xx, and those given up after retries.
    package func webhookCounts() -> (delivered: Int, dropped: Int) {
        state.withLock { ($0.webhooksDelivered, $0.webhooksDropped) }
    }
}

/// Why the fake could not do what it was asked.
package enum FakeGraphError: Error, Sendable {
    /// The HTTP server did not start listening.
    case couldNotListen
    /// A webhook was to be sent but no webhook URL is set.
    case noWebhookURL
    /// A simulated message names a phone number id or media id the fake does not know.
    case unknownID(String)
}
