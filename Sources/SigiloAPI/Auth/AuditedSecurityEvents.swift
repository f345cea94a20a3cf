import Foundation
package import Logging
package import SigiloStore

/// Security events into the tenant's audit chain (and the log), awaiting durability.
///
/// Events whose tenant is unknown (a login for a tenant that does not exist, a lock of an
/// address, a client that failed to authenticate) have no chain to go to and are logged only.
package struct AuditedSecurityEvents: SecurityEventSink {
    private let appender: AuditAppender
    private let log = LoggingSecurityEvents()

    package init(appender: AuditAppender) {
        self.appender = appender
    }

    package func record(_ event: SecurityEvent, logger: Logger) async {
        await log.record(event, logger: logger)
        guard let draft = Self.draft(for: event, requestID: logger[metadataKey: "hb.request.id"]?.description ?? "")
        else { return }
        do {
            _ = try await appender.append(draft)
        } catch {
            logger.error(
                "audit append failed",
                metadata: ["error.type": "\(type(of: error))", "sigilo.security.event": "\(event.name)"]
            )
        }
    }

    /// The audit draft of `event`, or `nil` when it belongs to no tenant.
    static func draft(for event: SecurityEvent, requestID: String) -> AuditDraft? {
        func make(
            _ tenant: UUID,
            actorKind: String,
            actorID: String,
            action: String,
            resourceType: String,
            resourceID: String = "",
            outcome: String,
            details: [String: String] = [:]
        ) -> AuditDraft {
            AuditDraft(
                tenantID: tenant,
                actorKind: actorKind,
                actorID: actorID,
                action: action,
                resourceType: resourceType,
                resourceID: resourceID,
                purpose: "security",
                legalBasis: "legitimate_interest",
                outcome: outcome,
                requestID: requestID,
                details: details
            )
        }
        switch event {
        case .loginSucceeded(let tenant, let user):
            return make(
                tenant,
                actorKind: "user",
                actorID: user.lowercasedString,
                action: "auth.login",
                resourceType: "session",
                outcome: "success"
            )
        case .loginFailed(let tenant?):
            return make(
                tenant,
                actorKind: "user",
                actorID: "",
                action: "auth.login",
                resourceType: "session",
                outcome: "denied",
                details: ["reason": "invalid_credentials"]
            )
        case .refreshTokenReused(let tenant):
            return make(
                tenant,
                actorKind: "user",
                actorID: "",
                action: "auth.refresh",
                resourceType: "session",
                outcome: "denied",
                details: ["reason": "reuse_family_revoked"]
            )
        case .clientTokenIssued(let tenant, let client):
            return make(
                tenant,
                actorKind: "client",
                actorID: client.lowercasedString,
                action: "auth.token",
                resourceType: "access_token",
                outcome: "success"
            )
        case .passwordChanged(let tenant, let user):
            return make(
                tenant,
                actorKind: "user",
                actorID: user.lowercasedString,
                action: "user.password_change",
                resourceType: "user",
                resourceID: user.lowercasedString,
                outcome: "success"
            )
        case .permissionDenied(let tenant, let actor, let permission):
            return make(
                tenant,
                actorKind: actor.kind.rawValue,
                actorID: actor.subjectID.lowercasedString,
                action: "access.denied",
                resourceType: "permission",
                resourceID: permission,
                outcome: "denied"
            )
        case .adminAction(let tenant, let actor, let action, let resourceType, let resourceID):
            return make(
                tenant,
                actorKind: actor.kind.rawValue,
                actorID: actor.subjectID.lowercasedString,
                action: action,
                resourceType: resourceType,
                resourceID: resourceID,
                outcome: "success"
            )
        case .loginFailed(nil), .loginLocked, .clientAuthenticationFailed:
            return nil
        }
    }
}
