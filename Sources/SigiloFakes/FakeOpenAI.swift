import Foundation
import Hummingbird
package import Logging
import NIOCore
import Synchronization

/// A loopback imitation of an OpenAI-compatible API, written from
/// shared/reference/whatsapp-cloud-api.md §9 and never from Sigilo's client.
///
/// It validates chat completion bodies as OpenAI does (model, messages, roles; a reasoning
/// model's refusal of `max_tokens` and of a non-default `temperature`), answers
/// deterministically (scripted replies, rules, else an echo of the last user message), and
/// records every request body, so tests can prove no personal data reached it. It also
/// offers `/v1/files` and `/v1/fine_tuning/jobs`, injectable failures (429 with or without
/// `Retry-After`, 5xx, malformed JSON, delay), and controls under `/_fake/…`.
package final class FakeOpenAI: Sendable {
    /// The configuration it started with.
    package let configuration: Configuration
    let logger: Logger
    let state: Mutex<FakeOpenAIState>
    private let server = Mutex<Task<Void, Never>?>(nil)
    private let boundPort = Mutex(0)

    private init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(FakeOpenAIState(fineTuningEnabled: configuration.fineTuning))
    }

    /// Starts the fake on `configuration.host`/`port` and returns once it listens.
    /// - Parameters:
    ///   - configuration: Key, model behaviour and address.
    ///   - logger: The fake's logger (requests at debug level, never bodies).
    /// - Throws: ``FakeOpenAIError/couldNotListen`` when the server did not start.
    package static func start(_ configuration: Configuration, logger: Logger) async throws -> FakeOpenAI {
        let fake = FakeOpenAI(configuration: configuration, logger: logger)
        guard
            let (task, port) = await LoopbackServer.start(
                FakeOpenAIResponder(fake: fake),
                host: configuration.host,
                port: configuration.port,
                name: "fake OpenAI",
                logger: logger
            )
        else { throw FakeOpenAIError.couldNotListen }
        fake.server.withLock { $0 = task }
        fake.boundPort.withLock { $0 = port }
        return fake
    }

    /// Stops the server.
    package func stop() async {
        let task = server.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// The TCP port it listens on.
    package var port: Int { boundPort.withLock { $0 } }

    /// `http://<host>:<port>`.
    package var origin: String { "http://\(configuration.host):\(port)" }

    /// `http://<host>:<port>/v1`: the base URL for the client under test.
    package var baseURL: String { "\(origin)/v1" }
}

/// Why the fake could not do what it was asked.
package enum FakeOpenAIError: Error, Sendable {
    /// The HTTP server did not start listening.
    case couldNotListen
}
