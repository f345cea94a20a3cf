package import Foundation

/// The authenticated caller of a request, from a verified access token.
package struct Identity: Sendable, Equatable {
    /// A person logged in with a password, or an OAuth2 client (a host CRM).
    package enum Kind: String, Sendable {
        case user
        case client
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

    /// Whether this caller holds `permission`.
    package func holds(_ permission: Permission) -> Bool {
        permissions.contains(permission.name)
    }
}
