import Foundation
import SigiloAI
import SigiloStore

/// `PUT /ai/settings`: every field optional; absent fields keep their value.
struct AISettingsInput: Decodable {
    var enabled: Bool?
    var businessDescription: PatchValue<String>
    var model: PatchValue<String>
    var requiresConsent: Bool?
    var maxMessages: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, model
        case businessDescription = "business_description"
        case requiresConsent = "requires_consent"
        case maxMessages = "max_messages"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        businessDescription = try PatchValue(container, .businessDescription)
        model = try PatchValue(container, .model)
        requiresConsent = try container.decodeIfPresent(Bool.self, forKey: .requiresConsent)
        maxMessages = try container.decodeIfPresent(Int.self, forKey: .maxMessages)
    }

    func applied(to current: AISettings) throws -> AISettings {
        var settings = current
        settings.enabled = enabled ?? current.enabled
        settings.businessDescription = try businessDescription.applied(to: current.businessDescription).map {
            try FieldRules.text($0, field: "business_description", characters: 1...4000, multiline: true)
        }
        settings.model = try model.applied(to: current.model).map {
            try FieldRules.text($0, field: "model", characters: 1...200)
        }
        settings.requiresConsent = requiresConsent ?? current.requiresConsent
        if let maxMessages {
            guard (1...50).contains(maxMessages) else {
                throw APIError.invalidField("max_messages", expected: "an integer from 1 to 50")
            }
            settings.maxMessages = maxMessages
        }
        return settings
    }
}

struct AISettingsView: Encodable {
    var settings: AISettings
    var configuration: AIConfiguration

    enum CodingKeys: String, CodingKey {
        case enabled, model, provider, international
        case businessDescription = "business_description"
        case requiresConsent = "requires_consent"
        case maxMessages = "max_messages"
        case backendConfigured = "backend_configured"
        case defaultModel = "default_model"
        case fineTuning = "fine_tuning"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(settings.enabled, forKey: .enabled)
        try container.encode(settings.businessDescription, forKey: .businessDescription)
        try container.encode(settings.model, forKey: .model)
        try container.encode(settings.requiresConsent, forKey: .requiresConsent)
        try container.encode(settings.maxMessages, forKey: .maxMessages)
        try container.encode(configuration.backend != nil, forKey: .backendConfigured)
        try container.encode(configuration.provider, forKey: .provider)
        try container.encode(configuration.backend?.model, forKey: .defaultModel)
        try container.encode(configuration.backend?.supportsFineTuning ?? false, forKey: .fineTuning)
        try container.encode(configuration.international, forKey: .international)
    }
}

struct FineTuneView: Encodable {
    var job: FineTune

    enum CodingKeys: String, CodingKey {
        case id, status, examples
        case providerJobID = "provider_job_id"
        case baseModel = "base_model"
        case fineTunedModel = "fine_tuned_model"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job.id.lowercasedString, forKey: .id)
        try container.encode(job.status, forKey: .status)
        try container.encode(job.examples, forKey: .examples)
        try container.encode(job.providerJobID, forKey: .providerJobID)
        try container.encode(job.baseModel, forKey: .baseModel)
        try container.encode(job.fineTunedModel, forKey: .fineTunedModel)
        try container.encode(job.createdAt, forKey: .createdAt)
        try container.encode(job.updatedAt, forKey: .updatedAt)
    }
}

extension FineTuningJob.Status {
    /// The provider's word for it.
    var text: String {
        switch self {
        case .validatingFiles: "validating_files"
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .other(let value):
            // Stored under a CHECK of 1 to 32 letters or underscores.
            String(value.prefix(32).filter { ($0.isASCII && $0.isLetter) || $0 == "_" }.lowercased()).nonEmpty
                ?? "unknown"
        }
    }
}

extension String {
    /// Nil for an empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}

struct SentimentView: Encodable {
    var label: String
    var score: Double

    init?(_ sentiment: Sentiment?) {
        guard let sentiment else { return nil }
        label = sentiment.label.rawValue
        score = sentiment.score
    }
}

struct SuggestionsView: Encodable {
    var suggestions: [String]
    var sentiment: SentimentView?
}
