import Foundation
import Synchronization

extension FakeOpenAI {
    /// A file uploaded to `/v1/files`.
    package struct UploadedFile: Sendable {
        package var id: String
        package var filename: String
        package var purpose: String
        package var content: [UInt8]
    }

    /// A fine-tuning job and how many times it was polled in its status.
    package struct Job: Sendable {
        package var id: String
        package var model: String
        package var trainingFile: String
        package var suffix: String?
        package var status: String
        var polls = 0

        /// `ft:<base>:sigilo:<suffix>:<id>` once succeeded.
        package var fineTunedModel: String? {
            status == "succeeded" ? "ft:\(model):sigilo:\(suffix ?? "model"):\(id.dropFirst("ftjob-".count))" : nil
        }

        var json: MetaJSON {
            [
                "id": .string(id), "object": "fine_tuning.job", "model": .string(model), "created_at": 1_717_000_000,
                "status": .string(status), "training_file": .string(trainingFile), "validation_file": .null,
                "fine_tuned_model": fineTunedModel.map(MetaJSON.string) ?? .null,
                "error": status == "failed" ? ["code": "invalid_training_file", "message": "Invalid file."] : .null,
            ]
        }
    }

    /// `POST /v1/files` (multipart: `purpose`, `file`).
    func uploadFile(_ call: GraphCall) -> OpenAIReply {
        guard let form = MultipartForm(contentType: call.contentType, body: call.body) else {
            return .error(status: 400, message: "Expected a multipart/form-data body.")
        }
        guard let purpose = form.text("purpose"), ["fine-tune", "assistants", "batch", "vision"].contains(purpose)
        else {
            return .error(status: 400, message: "Invalid purpose.", param: "purpose", code: "invalid_value")
        }
        guard let file = form.parts.first(where: { $0.name == "file" }), !file.body.isEmpty else {
            return .error(status: 400, message: "Missing file.", param: "file")
        }
        let serial = state.withLock { $0.nextSerial() }
        let upload = UploadedFile(
            id: "file-fake\(serial)",
            filename: "training.jsonl",
            purpose: purpose,
            content: Array(file.body)
        )
        state.withLock { $0.files[upload.id] = upload }
        return .json([
            "id": .string(upload.id), "object": "file", "bytes": .int(file.body.count), "created_at": 1_717_000_000,
            "filename": .string(upload.filename), "purpose": .string(purpose), "status": "processed",
        ])
    }

    /// `POST /v1/fine_tuning/jobs` `{"training_file","model","suffix"?}`.
    func createJob(_ body: Data) -> OpenAIReply {
        guard let json = try? MetaJSON.parse(body), let file = json["training_file"]?.string,
            let model = json["model"]?.string
        else {
            return .error(status: 400, message: "training_file and model are required.", param: "training_file")
        }
        return state.withLock { state in
            guard state.files[file]?.purpose == "fine-tune" else {
                return .error(
                    status: 400,
                    message: "Invalid file: not found or not uploaded for fine-tune.",
                    param: "training_file",
                    code: "invalid_file"
                )
            }
            let job = Job(
                id: "ftjob-fake\(state.nextSerial())",
                model: model,
                trainingFile: file,
                suffix: json["suffix"]?.string,
                status: "validating_files"
            )
            state.jobs[job.id] = job
            return .json(job.json)
        }
    }

    /// `GET /v1/fine_tuning/jobs/{id}`: validating_files → running → succeeded, one step
    /// every ``Configuration/pollsPerStatus`` polls.
    func pollJob(id: String) -> OpenAIReply {
        state.withLock { state in
            guard var job = state.jobs[id] else {
                return .error(status: 404, message: "No such fine-tuning job.", param: "id", code: "not_found")
            }
            job.polls += 1
            if job.polls >= configuration.pollsPerStatus {
                job.polls = 0
                switch job.status {
                case "validating_files": job.status = "running"
                case "queued": job.status = "running"
                case "running": job.status = "succeeded"
                default: break
                }
            }
            state.jobs[id] = job
            return .json(job.json)
        }
    }
}
