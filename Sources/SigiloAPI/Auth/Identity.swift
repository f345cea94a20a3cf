package import Foundation
package import SigiloCore

/// The authenticated caller of a request, from a verified access token.
package struct Identity: Sendable, Equatable {
    /// A person logged in with a password, or an OAuth2 client (a host CRM).
    package enum Kind: String, Sendable {
        case user
        case client
        /// Another system holding an integration key (attendance events).
        case integrationKey = "integration_key"
    }

    package let kind: Kind
    /// The user's or client's id.
    package let subjectID: UUID
    /// The tenant every query of this request is confined to.
    package let tenantID: UUID
    package let roles: [String]
    package let scopes: [String]
    /// What the roles and scopes grant under the current policy.
    package let permissions: Set<String>
    /// The access token's `jti`, for logout.
    package let tokenID: UUID
    /// When the access token expires.
    package let expiresAt: Date

    /// The `sub` claim for a subject: `user:<uuid>` or `client:<uuid>`.
    package static func subjectClaim(_ kind: Kind, _ id: UUID) -> String {
        "\(kind.rawValue):\(id.uuidString.lowercased())"
    }

    /// This identity with other roles and scopes, its permissions recomputed under `policy`.
    package func withGrants(roles: [String], scopes: [String], policy: PermissionPolicy) -> Identity {
        Identity(
            kind: kind,
            subjectID: subjectID,
            tenantID: tenantID,
            roles: roles,
            scopes: scopes,
            permissions: policy.granted(roles: roles, scopes: scopes),
            tokenID: tokenID,
            expiresAt: expiresAt
        )
    }

    /// Whether this caller holds `permission`.
    package func holds(_ permission: Permission) -> Bool {
        permissions.contains(permission.name)
    }
}
