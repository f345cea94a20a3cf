package import Foundation
package import SigiloCore

/// An audit event before the chain gives it a `seq` and hashes (see ``AuditLedger``).
package struct AuditDraft: Sendable, Equatable {
    package var tenantID: UUID
    package var occurredAt: Date
    package var actorKind: String
    package var actorID: String
    package var action: String
    package var resourceType: String
    package var resourceID: String
    package var subjectID: String
    package var purpose: String
    package var legalBasis: String
    package var outcome: String
    package var requestID: String
    package var details: [String: String]

    package init(
        tenantID: UUID,
        occurredAt: Date = Date(),
        actorKind: String,
        actorID: String,
        action: String,
        resourceType: String,
        resourceID: String = "",
        subjectID: String = "",
        purpose: String,
        legalBasis: String,
        outcome: String = "success",
        requestID: String = "",
        details: [String: String] = [:]
    ) {
        self.tenantID = tenantID
        self.occurredAt = occurredAt
        self.actorKind = actorKind
        self.actorID = actorID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.subjectID = subjectID
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.outcome = outcome
        self.requestID = requestID
        self.details = details
    }

    /// The event this draft becomes at position `seq`; time is cut to whole microseconds, as
    /// the encoding stores it.
    package func event(seq: UInt64) -> AuditEvent {
        AuditEvent(
            tenantID: tenantID,
            seq: seq,
            occurredAtMicros: Int64((occurredAt.timeIntervalSince1970 * 1_000_000).rounded(.down)),
            actorKind: actorKind,
            actorID: actorID,
            action: action,
            resourceType: resourceType,
            resourceID: resourceID,
            subjectID: subjectID,
            purpose: purpose,
            legalBasis: legalBasis,
            outcome: outcome,
            requestID: requestID,
            details: details
        )
    }
}

/// Where an appended event landed in its chain.
package struct AuditReceipt: Sendable, Equatable {
    package let seq: UInt64
    package let hash: Data
}
