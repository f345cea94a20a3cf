import Foundation

/// The audit actions of the CRM's routes. Contacts are kept for the customer relationship
/// under the tenant's legitimate interest (LGPD Art. 7 IX); a tenant that relies on another
/// basis changes it here, in one place.
enum CRMAudit {
    static let purpose = "customer_relationship"
    static let legalBasis = "legitimate_interest"

    static func contact(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action("contact.\(action)", resourceType: "contact", purpose: purpose, legalBasis: legalBasis)
    }

    static func interaction(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "interaction.\(action)",
            resourceType: "interaction",
            purpose: purpose,
            legalBasis: legalBasis
        )
    }

    static func template(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "template.\(action)",
            resourceType: "message_template",
            purpose: "messaging_administration",
            legalBasis: "legitimate_interest"
        )
    }

    /// What a read of several contacts touched: one event naming every subject returned.
    static func subjects(_ ids: [UUID], resource: String = "") -> AuditedAccess.Touched {
        AuditedAccess.Touched(
            resourceID: resource,
            details: ["count": "\(ids.count)", "subjects": ids.map(\.lowercasedString).joined(separator: " ")]
        )
    }

    /// What a call on one contact touched (a contact is its own data subject).
    static func contact(_ id: UUID, details: [String: String] = [:]) -> AuditedAccess.Touched {
        AuditedAccess.Touched(resourceID: id.lowercasedString, subjectID: id.lowercasedString, details: details)
    }
}
