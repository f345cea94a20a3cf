/// A fine-tuning job as the provider reports it (`GET {base}/fine_tuning/jobs/{id}`).
package struct FineTuningJob: Sendable, Equatable {
    /// Where the job is.
    package enum Status: Sendable, Equatable {
        case validatingFiles
        case queued
        case running
        case succeeded
        case failed
        case cancelled
        /// A status this client does not know yet.
        case other(String)

        /// Maps the wire value.
        init(wire: String) {
            switch wire {
            case "validating_files": self = .validatingFiles
            case "queued": self = .queued
            case "running": self = .running
            case "succeeded": self = .succeeded
            case "failed": self = .failed
            case "cancelled": self = .cancelled
            default: self = .other(wire)
            }
        }

        /// Whether the job will not change any more.
        package var isFinished: Bool {
            switch self {
            case .succeeded, .failed, .cancelled: true
            default: false
            }
        }
    }

    /// `ftjob-…`.
    package var id: String
    /// Where the job is.
    package var status: Status
    /// The base model.
    package var model: String?
    /// The new model's name, once the job succeeded (`ft:<base>:<org>:<suffix>:<id>`).
    package var fineTunedModel: String?
    /// The uploaded training file's id.
    package var trainingFile: String?
    /// The provider's error code when the job failed (never its message).
    package var errorCode: String?

    /// Creates a job record.
    package init(
        id: String,
        status: Status,
        model: String? = nil,
        fineTunedModel: String? = nil,
        trainingFile: String? = nil,
        errorCode: String? = nil
    ) {
        self.id = id
        self.status = status
        self.model = model
        self.fineTunedModel = fineTunedModel
        self.trainingFile = trainingFile
        self.errorCode = errorCode
    }
}
