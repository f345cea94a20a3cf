package import Foundation
import SigiloCore
import SigiloCrypto
package import SigiloStore

/// The operator's side of identity (`sigilo tenant create`, `sigilo user create`), with the
/// same rules as the API: policy roles, password rules, Argon2id, sealed e-mails.
package struct IdentityAdministration: Sendable {
    /// A refusal worth telling the operator; the message quotes no secret and no e-mail.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package let description: String

        package init(description: String) {
            self.description = description
        }
    }

    private let configuration: AuthConfiguration
    private let keys: IdentityKeys

    package init(configuration: AuthConfiguration) {
        self.configuration = configuration
        self.keys = IdentityKeys(ring: configuration.keyRing)
    }

    /// Creates a tenant; `ownerDatabase` must connect as the owner role.
    package func createTenant(
        slug: String,
        name: String,
        ownerDatabase: Database
    ) async throws -> TenantRepository.Tenant {
        guard let slug = TenantSlug(slug) else {
            throw Failure(description: "the slug must be 2-63 characters of a-z, 0-9 and -, not starting with -")
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.count) else { throw Failure(description: "the name must be 1-200 characters") }
        do {
            return try await TenantRepository(database: ownerDatabase).create(slug: slug.value, name: trimmed)
        } catch let error as StoreError where error.code == .conflict {
            throw Failure(description: "a tenant with this slug already exists")
        }
    }

    /// Creates a user of tenant `slug`.
    /// - Returns: The new user's id.
    package func createUser(
        tenant slug: String,
        email: String,
        roles: [String],
        password: String,
        database: Database
    ) async throws -> UUID {
        guard let tenant = try await TenantRepository(database: database).id(forSlug: slug) else {
            throw Failure(description: "no tenant has this slug")
        }
        guard let email = EmailAddress(email) else { throw Failure(description: "the e-mail address is not valid") }
        let unknown = roles.filter { configuration.permissions.roles[$0] == nil }
        guard !roles.isEmpty, unknown.isEmpty else {
            let known = configuration.permissions.roles.keys.sorted().joined(separator: ", ")
            throw Failure(description: "roles must be one or more of: \(known)")
        }
        do {
            try configuration.passwordRules.check(password)
        } catch {
            throw Failure(
                description: "the password is not acceptable (\(error.rawValue)): use 12+ characters, not a common one"
            )
        }
        let hasher = try PasswordHasher(policy: configuration.argon2, ceiling: configuration.argon2Ceiling)
        let id = UUID()
        do {
            _ = try await UserRepository(database: database).create(
                tenant: tenant,
                id: id,
                emailLookup: keys.refreshedLookup(email),
                otherLookups: Array(keys.lookups(email).dropFirst()),
                emailSealed: try keys.seal(email, tenant: tenant, user: id),
                roles: Array(Set(roles)).sorted(),
                passwordHash: try await hasher.hash(password)
            )
        } catch let error as StoreError where error.code == .conflict {
            throw Failure(description: "this e-mail is already a user of the tenant")
        }
        return id
    }
}
