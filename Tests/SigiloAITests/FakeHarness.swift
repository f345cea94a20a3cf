import AsyncHTTPClient
import Logging
import SigiloAI
import SigiloFakes
import Synchronization

/// A started fake OpenAI for one test, with a retry policy that records its waits instead
/// of sleeping.
struct FakeHarness {
    static let key = "sk-test-0123456789abcdef"

    let fake: FakeOpenAI
    let sleeps: Sleeps
    let logger = Logger(label: "test.ai")

    /// The waits a client asked for.
    final class Sleeps: Sendable {
        private let recorded = Mutex<[Duration]>([])
        var all: [Duration] { recorded.withLock { $0 } }
        func record(_ duration: Duration) { recorded.withLock { $0.append(duration) } }
    }

    /// Runs `body` with a fresh fake, a reasoning model or one without fine-tuning if asked.
    static func with(
        reasoningModel: Bool = false,
        fineTuning: Bool = true,
        run body: (FakeHarness) async throws -> Void
    ) async throws {
        let configuration = FakeOpenAI.Configuration(
            apiKey: key,
            reasoningModel: reasoningModel,
            fineTuning: fineTuning
        )
        let fake = try await FakeOpenAI.start(configuration, logger: Logger(label: "test.fake-openai"))
        let harness = FakeHarness(fake: fake, sleeps: Sleeps())
        do {
            try await body(harness)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    /// A backend at the fake, OpenAI-like unless changed.
    func backend(
        key: String? = FakeHarness.key,
        tokenLimitField: AIBackend.TokenLimitField = .maxCompletionTokens,
        sendsTemperature: Bool = true,
        supportsFineTuning: Bool = true,
        maxRetries: Int = 2
    ) -> AIBackend {
        AIBackend(
            baseURL: fake.baseURL + "/",
            model: "gpt-4o-mini",
            apiKey: key,
            tokenLimitField: tokenLimitField,
            sendsTemperature: sendsTemperature,
            supportsFineTuning: supportsFineTuning,
            timeout: .seconds(10),
            maxRetries: maxRetries
        )
    }

    /// A retry policy that records waits and jitters to the bound's half.
    var retry: RetryPolicy {
        let sleeps = self.sleeps
        return RetryPolicy(jitter: { $0 / 2 }, sleep: { sleeps.record($0) })
    }

    func chat(_ backend: AIBackend) -> ChatClient { ChatClient(httpClient: .shared, backend: backend, retry: retry) }

    func fineTuning(_ backend: AIBackend) -> FineTuningClient {
        FineTuningClient(httpClient: .shared, backend: backend, retry: retry)
    }
}
