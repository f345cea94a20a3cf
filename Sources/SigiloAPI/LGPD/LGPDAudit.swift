import Foundation
import SigiloCore
import SigiloStore

/// The audit actions of the LGPD routes. Handling data-subject requests and keeping consent
/// records are legal obligations of the controller (LGPD Arts. 8 §2, 18, 37), so their events
/// carry that basis.
enum LGPDAudit {
    static let legalBasis = "legal_obligation"

    static func action(_ name: String, resourceType: String, purpose: String) -> AuditedAccess.Action {
        AuditedAccess.Action(name, resourceType: resourceType, purpose: purpose, legalBasis: legalBasis)
    }

    /// An event written in the same transaction as the change it records; the repository
    /// fills in the resource and subject it learns.
    static func draft(
        _ action: String,
        resourceType: String,
        purpose: String,
        identity: Identity,
        context: SigiloRequestContext,
        resourceID: String = "",
        subjectID: String = "",
        details: [String: String] = [:]
    ) -> AuditDraft {
        AuditDraft(
            tenantID: identity.tenantID,
            actorKind: identity.kind.rawValue,
            actorID: identity.subjectID.lowercasedString,
            action: action,
            resourceType: resourceType,
            resourceID: resourceID,
            subjectID: subjectID,
            purpose: purpose,
            legalBasis: legalBasis,
            requestID: context.requestID.value,
            details: details
        )
    }
}
