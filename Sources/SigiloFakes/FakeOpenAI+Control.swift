import Synchronization

extension FakeOpenAI {
    /// Queues answers, given in order to the next chat completions no rule answers.
    package func scriptReplies(_ replies: [ScriptedReply]) {
        state.withLock { $0.replies.append(contentsOf: replies) }
    }

    /// Answers `reply` whenever the last user message contains `text` (checked before the queue).
    package func addRule(whenLastUserMessageContains text: String, reply: ScriptedReply) {
        state.withLock { $0.rules.append((text, reply)) }
    }

    /// Makes the next `failure.count` API calls fail as described.
    package func failNext(_ failure: Failure) {
        state.withLock { $0.failures.append(failure) }
    }

    /// Turns the fine-tuning endpoints on or off (off: 404, like a local server).
    package func setFineTuningEnabled(_ enabled: Bool) {
        state.withLock { $0.fineTuningEnabled = enabled }
    }

    /// Sets a job's status (`running`, `succeeded`, `failed`, `cancelled`) without polling.
    /// - Returns: false when no such job exists.
    @discardableResult
    package func setJobStatus(_ id: String, to status: String) -> Bool {
        state.withLock { state in
            guard state.jobs[id] != nil else { return false }
            state.jobs[id]?.status = status
            return true
        }
    }

    /// Every API call answered so far, bodies included, in order.
    package func requests() -> [RecordedRequest] { state.withLock { $0.requests } }

    /// Every file uploaded so far.
    package func uploadedFiles() -> [UploadedFile] {
        state.withLock { Array($0.files.values).sorted { $0.id < $1.id } }
    }

    /// The job with `id`.
    package func job(_ id: String) -> Job? { state.withLock { $0.jobs[id] } }

    /// Forgets replies, rules, failures, requests, files and jobs.
    package func reset() {
        state.withLock { $0 = FakeOpenAIState(fineTuningEnabled: configuration.fineTuning) }
    }
}
