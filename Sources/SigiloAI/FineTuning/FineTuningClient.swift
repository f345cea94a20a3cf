package import AsyncHTTPClient
import Foundation
package import Logging
import NIOHTTP1

/// Uploads training data and runs fine-tuning jobs on an OpenAI-compatible API
/// (`/files`, `/fine_tuning/jobs`, reference §9).
///
/// Local servers (Ollama, llama.cpp, vLLM) have neither endpoint: a backend configured
/// without fine-tuning fails before any request, and a 404/405/501 from one that claims it
/// becomes the same ``AIError/unsupported(_:)`` `fine_tuning`. Uploads and job creation are
/// not idempotent, so they are retried only when the request certainly never left.
package struct FineTuningClient: Sendable {
    /// The backend this client talks to.
    package let backend: AIBackend
    let transport: AITransport

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: The shared HTTP client; its lifecycle belongs to the caller.
    ///   - backend: Where to send requests.
    ///   - retry: Waits between retries (injectable for tests).
    package init(httpClient: HTTPClient, backend: AIBackend, retry: RetryPolicy = RetryPolicy()) {
        self.backend = backend
        self.transport = AITransport(httpClient: httpClient, backend: backend, retry: retry)
    }

    /// Uploads JSONL training data (`POST {base}/files`, multipart, purpose `fine-tune`).
    /// - Parameters:
    ///   - jsonl: The examples, one JSON object per line, already minimised.
    ///   - filename: The name the provider shows.
    ///   - logger: The caller's logger.
    /// - Returns: The file's id (`file-…`).
    /// - Throws: ``AIError``.
    package func uploadTrainingFile(
        _ jsonl: [UInt8],
        filename: String = "training.jsonl",
        logger: Logger
    ) async throws(AIError) -> String {
        try requireFineTuning()
        let form = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", filename, jsonl))
        let answer = try await unsupportedOn404 { () async throws(AIError) in
            try await transport.send(
                .POST,
                path: "/files",
                body: form.bytes,
                contentType: form.contentType,
                operation: "file_upload",
                idempotency: .unsafe,
                logger: logger
            )
        }
        let file = try answer.decode(FileObject.self)
        guard !file.id.isEmpty else { throw .invalidResponse }
        return file.id
    }

    /// Starts a job (`POST {base}/fine_tuning/jobs`).
    /// - Parameters:
    ///   - trainingFileID: The id ``uploadTrainingFile(_:filename:logger:)`` returned.
    ///   - model: The base model; the backend's model by default.
    ///   - suffix: Up to 64 characters added to the new model's name.
    ///   - logger: The caller's logger.
    /// - Returns: The new job (usually `validating_files`).
    /// - Throws: ``AIError``.
    package func createJob(
        trainingFileID: String,
        model: String? = nil,
        suffix: String? = nil,
        logger: Logger
    ) async throws(AIError) -> FineTuningJob {
        try requireFineTuning()
        let request = JobRequest(trainingFile: trainingFileID, model: model ?? backend.model, suffix: suffix)
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw .badRequest(status: 400, provider: .init(param: "training_file"))
        }
        let answer = try await unsupportedOn404 { () async throws(AIError) in
            try await transport.send(
                .POST,
                path: "/fine_tuning/jobs",
                body: Array(body),
                operation: "fine_tuning_create",
                idempotency: .unsafe,
                logger: logger
            )
        }
        return try answer.decode(JobObject.self).job
    }

    /// Reads a job (`GET {base}/fine_tuning/jobs/{id}`).
    /// - Parameters:
    ///   - id: The job's id.
    ///   - logger: The caller's logger.
    /// - Returns: Its status and, once it succeeded, the new model's name.
    /// - Throws: ``AIError``.
    package func job(id: String, logger: Logger) async throws(AIError) -> FineTuningJob {
        try requireFineTuning()
        let answer = try await unsupportedOn404 { () async throws(AIError) in
            try await transport.send(
                .GET,
                path: "/fine_tuning/jobs/" + PathComponent.escape(id),
                operation: "fine_tuning_get",
                idempotency: .safe,
                logger: logger
            )
        }
        return try answer.decode(JobObject.self).job
    }

    private func requireFineTuning() throws(AIError) {
        guard backend.supportsFineTuning else { throw .unsupported("fine_tuning") }
    }

    /// Runs `call`, turning "no such endpoint" into `unsupported("fine_tuning")`. A 404 that
    /// names a missing file or job (OpenAI's envelope with a code) stays a bad request.
    private func unsupportedOn404(
        _ call: () async throws(AIError) -> AITransport.Answer
    ) async throws(AIError) -> AITransport.Answer {
        do {
            return try await call()
        } catch {
            if let status = error.httpStatus, [404, 405, 501].contains(status), error.provider?.code == nil,
                error.provider?.param == nil
            {
                throw .unsupported("fine_tuning")
            }
            throw error
        }
    }
}
