/// `{"id":"file-…","object":"file","purpose":"fine-tune",…}`.
struct FileObject: Decodable {
    var id: String
}

/// `{"training_file","model","suffix"}`.
struct JobRequest: Encodable {
    var trainingFile: String
    var model: String
    var suffix: String?

    enum CodingKeys: String, CodingKey {
        case trainingFile = "training_file"
        case model
        case suffix
    }
}

/// `{"id":"ftjob-…","object":"fine_tuning.job","status","model","fine_tuned_model","training_file","error"}`.
struct JobObject: Decodable {
    var id: String
    var status: String
    var model: String?
    var fineTunedModel: String?
    var trainingFile: String?
    var error: JobError?

    struct JobError: Decodable {
        var code: String?
    }

    enum CodingKeys: String, CodingKey {
        case id
        case status
        case model
        case fineTunedModel = "fine_tuned_model"
        case trainingFile = "training_file"
        case error
    }

    var job: FineTuningJob {
        FineTuningJob(
            id: id,
            status: FineTuningJob.Status(wire: status),
            model: model,
            fineTunedModel: fineTunedModel,
            trainingFile: trainingFile,
            errorCode: error?.code
        )
    }
}
