import SigiloAI
import SigiloFakes
import Testing

/// Upload, job creation and polling against the fake; backends without fine-tuning.
@Suite("Fine-tuning client against the fake")
struct FineTuningClientTests {
    static let jsonl =
        Array(#"{"messages":[{"role":"user","content":"oi"},{"role":"assistant","content":"olá"}]}"#.utf8) + [0x0A]

    @Test("upload, create a job, poll until it succeeds with its fine-tuned model")
    func fullCycle() async throws {
        try await FakeHarness.with { harness in
            let client = harness.fineTuning(harness.backend())
            let fileID = try await client.uploadTrainingFile(Self.jsonl, logger: harness.logger)
            #expect(harness.fake.uploadedFiles().first?.content == Self.jsonl)
            #expect(harness.fake.uploadedFiles().first?.purpose == "fine-tune")
            let job = try await client.createJob(trainingFileID: fileID, suffix: "crm", logger: harness.logger)
            #expect(job.status == .validatingFiles)
            #expect(job.fineTunedModel == nil)
            var seen: [FineTuningJob.Status] = []
            var current = job
            while !current.status.isFinished, seen.count < 5 {
                current = try await client.job(id: job.id, logger: harness.logger)
                seen.append(current.status)
            }
            #expect(seen == [.running, .succeeded])
            #expect(current.fineTunedModel == "ft:gpt-4o-mini:sigilo:crm:\(job.id.dropFirst("ftjob-".count))")
        }
    }

    @Test("an unknown training file is a bad request naming the parameter")
    func unknownFile() async throws {
        try await FakeHarness.with { harness in
            let error = await #expect(throws: AIError.self) {
                try await harness.fineTuning(harness.backend()).createJob(
                    trainingFileID: "file-nope",
                    logger: harness.logger
                )
            }
            #expect(error?.provider?.param == "training_file")
        }
    }

    @Test("a backend configured without fine-tuning fails before any request; a 404 server says unsupported")
    func unsupported() async throws {
        try await FakeHarness.with(fineTuning: false) { harness in
            let configuredOff = harness.fineTuning(harness.backend(supportsFineTuning: false))
            await #expect(throws: AIError.unsupported("fine_tuning")) {
                try await configuredOff.uploadTrainingFile(Self.jsonl, logger: harness.logger)
            }
            #expect(harness.fake.requests().isEmpty)
            let claimsIt = harness.fineTuning(harness.backend())
            await #expect(throws: AIError.unsupported("fine_tuning")) {
                try await claimsIt.uploadTrainingFile(Self.jsonl, logger: harness.logger)
            }
            await #expect(throws: AIError.unsupported("fine_tuning")) {
                try await claimsIt.job(id: "ftjob-1", logger: harness.logger)
            }
        }
    }
}
