import Foundation
import Hummingbird
import SigiloAI
import SigiloCore
import SigiloStore

extension CopilotController {
    func addFineTuneRoutes(to routes: APIRoutes) {
        routes.post(
            Self.fineTunePath,
            use: guardian.requiring(.settingsManage) { request, context, identity in
                guard let backend = configuration.backend else { throw Self.notConfigured }
                guard backend.supportsFineTuning else { throw Self.fineTuningUnsupported }
                guard request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true else {
                    throw APIError.unsupportedMediaType
                }
                let body = try await request.body.collect(upTo: context.maxBodySize)
                guard body.readableBytes > 0 else { throw APIError.emptyBody }
                let dataset: FineTuningDataset
                do {
                    dataset = try FineTuningCSV.convert(Array(body.readableBytesView))
                } catch let failure as FineTuningCSV.Failure {
                    throw Self.invalidCSV(failure)
                }
                let settings = try await ai.settings(tenant: identity.tenantID)
                let base = settings.model ?? backend.model
                // Recorded before the (minimised) examples leave, as every AI call is.
                try await ai.record(
                    RelationshipAudit.draft(
                        "ai.send",
                        resourceType: "fine_tune",
                        identity: identity,
                        context: context,
                        details: [
                            "provider": configuration.provider, "purpose": "fine_tuning",
                            "characters": "\(dataset.jsonl.count)", "examples": "\(dataset.examples)",
                            "international": "\(configuration.international)",
                        ]
                    ),
                    tenant: identity.tenantID
                )
                let client = FineTuningClient(httpClient: httpClient, backend: backend)
                let job: FineTuningJob
                let fileID: String
                do {
                    fileID = try await client.uploadTrainingFile(
                        dataset.jsonl,
                        filename: "sigilo-\(UUID().lowercasedString).jsonl",
                        logger: context.logger
                    )
                    job = try await client.createJob(
                        trainingFileID: fileID,
                        model: base,
                        suffix: "sigilo",
                        logger: context.logger
                    )
                } catch let error as AIError {
                    if error.unsupportedFeature != nil { throw Self.fineTuningUnsupported }
                    throw Self.unavailable(error)
                }
                let audit = RelationshipAudit.draft(
                    "ai.fine_tune",
                    resourceType: "fine_tune",
                    identity: identity,
                    context: context,
                    details: [
                        "provider": configuration.provider, "examples": "\(dataset.examples)",
                        "replacements": "\(dataset.replacements)",
                    ]
                )
                let stored = try await ai.createFineTune(
                    FineTune(
                        id: UUID(),
                        providerFileID: fileID,
                        providerJobID: job.id,
                        baseModel: base,
                        status: job.status.text,
                        fineTunedModel: job.fineTunedModel,
                        examples: dataset.examples,
                        createdBy: identity.kind == .user ? identity.subjectID : nil,
                        createdAt: Date(),
                        updatedAt: Date()
                    ),
                    tenant: identity.tenantID,
                    audit: audit
                )
                return try JSONResponse.make(FineTuneView(job: stored), status: .accepted)
            }
        )
        routes.get(
            "/ai/fine-tunes",
            use: guardian.requiring(.settingsManage) { _, _, identity in
                try JSONResponse.make([
                    "fine_tunes": try await ai.fineTunes(tenant: identity.tenantID).map(FineTuneView.init)
                ])
            }
        )
        routes.get(
            "/ai/fine-tunes/{id}",
            use: guardian.requiring(.settingsManage) { _, context, identity in
                guard let stored = try await ai.fineTune(try context.pathID(), tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                guard let backend = configuration.backend,
                    !["succeeded", "failed", "cancelled"].contains(stored.status)
                else { return try JSONResponse.make(FineTuneView(job: stored)) }
                let job: FineTuningJob
                do {
                    job = try await FineTuningClient(httpClient: httpClient, backend: backend)
                        .job(id: stored.providerJobID, logger: context.logger)
                } catch let error as AIError {
                    throw Self.unavailable(error)
                }
                let updated = try await ai.updateFineTune(
                    stored.id,
                    status: job.status.text,
                    model: job.fineTunedModel,
                    tenant: identity.tenantID
                )
                return try JSONResponse.make(FineTuneView(job: updated ?? stored))
            }
        )
    }

    static let fineTuningUnsupported = APIError(
        .conflict,
        code: "fine_tuning_unsupported",
        message: "This deployment's AI backend has no fine-tuning (local servers such as Ollama do not)."
    )

    /// 422 listing the CSV's problems, each with its line (1 is the header) and column.
    static func invalidCSV(_ failure: FineTuningCSV.Failure) -> APIError {
        APIError(
            .unprocessableContent,
            code: "invalid_csv",
            message: "The CSV was not accepted: " + failure.issues.map(\.description).joined(separator: "; ")
        )
    }
}
