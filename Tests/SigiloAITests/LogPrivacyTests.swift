import Logging
import SigiloAI
import SigiloFakes
import Synchronization
import Testing

/// The client's log lines, at trace level, through successes, retries and refusals: no key,
/// no prompt, no answer.
@Suite("AI log privacy")
struct LogPrivacyTests {
    /// Keeps every rendered line.
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    struct Handler: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.all.withLock { $0.append("\(event.message) \(event.metadata ?? [:]) \(metadata)") }
        }
    }

    @Test("no key, prompt or answer in any log line")
    func nothingPersonalLogged() async throws {
        try await FakeHarness.with { harness in
            let lines = Lines()
            let logger = Logger(label: "test.ai.logs") { _ in Handler(lines: lines) }
            harness.fake.failNext(.init(status: 429, retryAfter: "1"))
            harness.fake.scriptReplies([.init("resposta confidencial")])
            let client = harness.chat(harness.backend())
            _ = try await client.complete([.user("pergunta confidencial")], logger: logger)
            _ = try? await harness.chat(harness.backend(key: "sk-wrong")).complete(
                [.user("outra confidencial")],
                logger: logger
            )
            let logged = lines.all.withLock { $0 }
            #expect(logged.contains { $0.contains("ai call refused") })
            for line in logged {
                #expect(!line.contains("confidencial"))
                #expect(!line.contains("sk-"))
            }
        }
    }
}
