package import Foundation

/// What a contact's personal data is processed for, each with its own consent (LGPD Art. 8
/// §4: consent refers to determined purposes; generic authorisations are void).
package enum ConsentPurpose: String, Sendable, CaseIterable, Codable {
    /// Business-initiated service messages over WhatsApp (utility templates, reminders).
    case whatsappService = "whatsapp_service"
    /// Marketing messages over WhatsApp.
    case whatsappMarketing = "whatsapp_marketing"
    /// Sending the contact's messages, minimised, to an AI provider to draft replies.
    case aiProcessing = "ai_processing"

    /// The purposes a WhatsApp opt-out (STOP, SAIR, PARAR) revokes.
    package static let whatsapp: [ConsentPurpose] = [.whatsappService, .whatsappMarketing]
}

/// The legal bases of LGPD Art. 7 (and Art. 11 for sensitive data), as stored.
package enum LegalBasis: String, Sendable, CaseIterable, Codable {
    case consent
    case legalObligation = "legal_obligation"
    case publicPolicy = "public_policy"
    case research
    case contract
    case regularExerciseOfRights = "regular_exercise_of_rights"
    case vitalInterest = "vital_interest"
    case healthProtection = "health_protection"
    case legitimateInterest = "legitimate_interest"
    case creditProtection = "credit_protection"
}

/// One consent record: a grant or a revocation, never changed afterwards.
package struct ConsentRecord: Sendable, Equatable {
    package enum Status: String, Sendable, Codable, CaseIterable {
        case granted, revoked
    }

    package var id: UUID
    package var contact: UUID
    package var purpose: ConsentPurpose
    package var status: Status
    package var legalBasis: LegalBasis
    /// How it was given or withdrawn: `api`, `whatsapp`, `web`, `paper`, …
    package var channel: String
    /// Proof, such as the id of the opt-in message; personal data, sealed at rest.
    package var evidence: String?
    /// Who recorded it: a user or client id, or a system actor such as `whatsapp-webhook`.
    package var recordedBy: String
    package var occurredAt: Date
    package var createdAt: Date

    package init(
        id: UUID,
        contact: UUID,
        purpose: ConsentPurpose,
        status: Status,
        legalBasis: LegalBasis,
        channel: String,
        evidence: String?,
        recordedBy: String,
        occurredAt: Date,
        createdAt: Date
    ) {
        self.id = id
        self.contact = contact
        self.purpose = purpose
        self.status = status
        self.legalBasis = legalBasis
        self.channel = channel
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.occurredAt = occurredAt
        self.createdAt = createdAt
    }

    /// The current consent per purpose: the latest record of each (history newest first).
    package static func current(_ history: [ConsentRecord]) -> [ConsentPurpose: ConsentRecord] {
        var latest: [ConsentPurpose: ConsentRecord] = [:]
        for record in history {
            if let kept = latest[record.purpose],
                (kept.occurredAt, kept.createdAt) >= (record.occurredAt, record.createdAt)
            {
                continue
            }
            latest[record.purpose] = record
        }
        return latest
    }
}
