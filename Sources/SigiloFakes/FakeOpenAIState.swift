/// Everything a fake OpenAI remembers, guarded by one `Mutex` in ``FakeOpenAI``.
struct FakeOpenAIState {
    var fineTuningEnabled: Bool
    var replies: [FakeOpenAI.ScriptedReply] = []
    var rules: [(contains: String, reply: FakeOpenAI.ScriptedReply)] = []
    var failures: [FakeOpenAI.Failure] = []
    var requests: [FakeOpenAI.RecordedRequest] = []
    var files: [String: FakeOpenAI.UploadedFile] = [:]
    var jobs: [String: FakeOpenAI.Job] = [:]
    var serial = 0

    init(fineTuningEnabled: Bool) {
        self.fineTuningEnabled = fineTuningEnabled
    }

    /// A fresh number for ids.
    mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    /// The first injected failure, counted down.
    mutating func takeFailure() -> FakeOpenAI.Failure? {
        guard var failure = failures.first else { return nil }
        failure.count -= 1
        if failure.count <= 0 { failures.removeFirst() } else { failures[0] = failure }
        return failure
    }
}
