import ArgumentParser
import Foundation
import Logging
import SigiloFakes
import UnixSignals

extension DevCommand {
    /// `sigilo dev fake-openai`: runs the fake OpenAI-compatible API until SIGINT or SIGTERM.
    ///
    /// Prints one JSON line with the base URL and the control endpoints; never the key, which
    /// the operator chose (`--api-key` or `FAKE_OPENAI_API_KEY`; none accepts any).
    struct FakeOpenAICommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fake-openai",
            abstract: "Run a fake OpenAI-compatible API (chat completions, files, fine-tuning) on loopback."
        )

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "TCP port (0 picks a free one).")
        var port = 8091

        @Option(help: "The Bearer key clients must send (or FAKE_OPENAI_API_KEY); none accepts any.")
        var apiKey: String?

        @Flag(help: "Behave like a reasoning model: reject max_tokens and a non-default temperature.")
        var reasoningModel = false

        @Flag(help: "Answer 404 to /v1/files and /v1/fine_tuning (like Ollama or llama.cpp).")
        var noFineTuning = false

        func run() async throws {
            let key = apiKey ?? ProcessInfo.processInfo.environment["FAKE_OPENAI_API_KEY"]
            let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            let configuration = FakeOpenAI.Configuration(
                apiKey: key,
                reasoningModel: reasoningModel,
                fineTuning: !noFineTuning,
                host: host,
                port: port
            )
            let fake = try await FakeOpenAI.start(configuration, logger: Logger(label: "sigilo.fake-openai"))
            FileHandle.standardOutput.write(Data((try announcement(fake, keyRequired: key != nil) + "\n").utf8))
            for await _ in signals { break }
            await fake.stop()
        }

        /// The one JSON line announcing where the fake listens (no secrets).
        private func announcement(_ fake: FakeOpenAI, keyRequired: Bool) throws -> String {
            let origin = fake.origin
            let line: [String: Any] = [
                "base_url": fake.baseURL,
                "key_required": keyRequired,
                "reasoning_model": reasoningModel,
                "fine_tuning": !noFineTuning,
                "control": [
                    "replies": "POST \(origin)/_fake/replies",
                    "rules": "POST \(origin)/_fake/rules",
                    "failures": "POST \(origin)/_fake/failures",
                    "requests": "GET \(origin)/_fake/requests",
                    "fine_tuning": "POST \(origin)/_fake/fine_tuning",
                    "jobs": "POST \(origin)/_fake/jobs/{id}",
                    "reset": "POST \(origin)/_fake/reset",
                ],
            ]
            let data = try JSONSerialization.data(
                withJSONObject: line,
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
            return String(decoding: data, as: UTF8.self)
        }
    }
}
