import Foundation
import SigiloCore
import SigiloStore

/// The audit actions of the relationship routes: attending customers is the tenant's
/// legitimate interest (LGPD Art. 7 IX) and the contract with them (Art. 7 V).
enum RelationshipAudit {
    static let purpose = "customer_service"
    static let legalBasis = "legitimate_interest"

    static func action(_ name: String, resourceType: String) -> AuditedAccess.Action {
        AuditedAccess.Action(name, resourceType: resourceType, purpose: purpose, legalBasis: legalBasis)
    }

    /// An event written in the same transaction as the change it records; the repository
    /// fills in the resource and subject it learns.
    static func draft(
        _ action: String,
        resourceType: String,
        identity: Identity,
        context: SigiloRequestContext,
        resourceID: String = "",
        details: [String: String] = [:]
    ) -> AuditDraft {
        AuditDraft(
            tenantID: identity.tenantID,
            actorKind: identity.kind.rawValue,
            actorID: identity.subjectID.lowercasedString,
            action: action,
            resourceType: resourceType,
            resourceID: resourceID,
            purpose: purpose,
            legalBasis: legalBasis,
            requestID: context.requestID.value,
            details: details
        )
    }

    /// Who changes a ticket, for its history.
    static func actor(_ identity: Identity) -> TicketActor {
        TicketActor(kind: identity.kind == .user ? "user" : "client", id: identity.subjectID.lowercasedString)
    }
}
