package import Foundation

/// A user row as stored: the e-mail only sealed, the password only as its Argon2id hash.
package struct UserRecord: Sendable, Equatable {
    package let id: UUID
    package let tenantID: UUID
    package let emailSealed: Data
    package let roles: [String]
    package let passwordHash: String
    package let disabledAt: Date?
    package let createdAt: Date
    package let updatedAt: Date

    package var isDisabled: Bool { disabledAt != nil }
}
