import Foundation

/// The audit actions of the WhatsApp routes.
enum WhatsAppAudit {
    static func channel(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "channel.\(action)",
            resourceType: "whatsapp_channel",
            purpose: "messaging_administration",
            legalBasis: "legitimate_interest"
        )
    }

    static func conversation(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "conversation.\(action)",
            resourceType: "conversation",
            purpose: "customer_service",
            legalBasis: "legitimate_interest"
        )
    }

    static func message(_ action: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            "message.\(action)",
            resourceType: "message",
            purpose: "customer_service",
            legalBasis: "legitimate_interest"
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
}
