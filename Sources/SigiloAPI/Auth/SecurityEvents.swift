package import Foundation
package import Logging

/// Security-relevant events of identity: the seam where the audit chain (issue 4) plugs in.
///
/// Until then they go to the log, with ids only: never an e-mail, password, token or address.
package enum SecurityEvent: Sendable, Equatable {
    case loginSucceeded(tenant: UUID, user: UUID)
    case loginFailed(tenant: UUID?)
    /// An account or address passed its failure threshold and is locked until the date.
    case loginLocked(scope: String, until: Date)
    case refreshTokenReused(tenant: UUID)
    case clientTokenIssued(tenant: UUID, client: UUID)
    case clientAuthenticationFailed
    case passwordChanged(tenant: UUID, user: UUID)
    /// An authenticated caller lacked the route's permission.
    case permissionDenied(tenant: UUID, actor: Identity, permission: String)
    /// An administrative change, e.g. `user.create` on a user id.
    case adminAction(tenant: UUID, actor: Identity, action: String, resourceType: String, resourceID: String)

    var name: String {
        switch self {
        case .loginSucceeded: "login_succeeded"
        case .loginFailed: "login_failed"
        case .loginLocked: "login_locked"
        case .refreshTokenReused: "refresh_token_reused"
        case .clientTokenIssued: "client_token_issued"
        case .clientAuthenticationFailed: "client_authentication_failed"
        case .passwordChanged: "password_changed"
        case .permissionDenied: "permission_denied"
        case .adminAction: "admin_action"
        }
    }
}

/// Where security events go.
package protocol SecurityEventSink: Sendable {
    func record(_ event: SecurityEvent, logger: Logger) async
}

/// Writes security events to the log (warning for locks and token reuse, info otherwise).
package struct LoggingSecurityEvents: SecurityEventSink {
    package init() {}

    package func record(_ event: SecurityEvent, logger: Logger) async {
        var metadata: Logger.Metadata = ["sigilo.security.event": "\(event.name)"]
        switch event {
        case .loginSucceeded(let tenant, let user), .passwordChanged(let tenant, let user):
            metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)"
            metadata["sigilo.user_id"] = "\(user.lowercasedString)"
        case .loginFailed(let tenant):
            if let tenant { metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)" }
        case .loginLocked(let scope, let until):
            metadata["sigilo.throttle.scope"] = "\(scope)"
            metadata["sigilo.throttle.until"] = "\(until.formatted(.iso8601))"
            logger.warning("login locked", metadata: metadata)
            return
        case .refreshTokenReused(let tenant):
            metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)"
            logger.warning("refresh token reused; family revoked", metadata: metadata)
            return
        case .clientTokenIssued(let tenant, let client):
            metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)"
            metadata["sigilo.client_id"] = "\(client.lowercasedString)"
        case .clientAuthenticationFailed:
            break
        case .permissionDenied(let tenant, _, let permission):
            metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)"
            metadata["sigilo.auth.permission"] = "\(permission)"
        case .adminAction(let tenant, _, let action, _, let resourceID):
            metadata["sigilo.tenant_id"] = "\(tenant.lowercasedString)"
            metadata["sigilo.action"] = "\(action)"
            metadata["sigilo.resource_id"] = "\(resourceID)"
        }
        logger.info("security event", metadata: metadata)
    }
}
