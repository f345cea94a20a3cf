package import Foundation

/// A tenant's AI settings; the backend itself (where, which model by default, its key) is the
/// operator's configuration.
package struct AISettings: Sendable, Equatable {
    package var enabled: Bool
    /// What the business is and does, for the model's instructions (business text, no person).
    package var businessDescription: String?
    /// The tenant's own model (a fine-tuned one); nil uses the operator's.
    package var model: String?
    /// Whether a contact's `ai_processing` consent is required before their conversation goes
    /// to the model.
    package var requiresConsent: Bool
    /// How many of the latest messages go to the model.
    package var maxMessages: Int

    package init(
        enabled: Bool = false,
        businessDescription: String? = nil,
        model: String? = nil,
        requiresConsent: Bool = true,
        maxMessages: Int = 12
    ) {
        self.enabled = enabled
        self.businessDescription = businessDescription
        self.model = model
        self.requiresConsent = requiresConsent
        self.maxMessages = maxMessages
    }
}

/// A fine-tuning job a tenant sent to the provider.
package struct FineTune: Sendable, Equatable {
    package var id: UUID
    package var providerFileID: String
    package var providerJobID: String
    package var baseModel: String
    package var status: String
    package var fineTunedModel: String?
    package var examples: Int
    package var createdBy: UUID?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: UUID,
        providerFileID: String,
        providerJobID: String,
        baseModel: String,
        status: String,
        fineTunedModel: String?,
        examples: Int,
        createdBy: UUID?,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.providerFileID = providerFileID
        self.providerJobID = providerJobID
        self.baseModel = baseModel
        self.status = status
        self.fineTunedModel = fineTunedModel
        self.examples = examples
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
