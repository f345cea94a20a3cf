public import Foundation

/// Who may do what, read from `policies/roles.json`: each role and each OAuth2 scope grants a
/// set of permissions, and every route names the one permission it needs.
///
/// Loading refuses a policy where a role or scope grants a permission the file does not
/// define, so a typo cannot silently grant nothing (or everything).
public struct PermissionPolicy: Sendable, Equatable {
    /// Every permission, with its description.
    public let permissions: [String: String]
    /// Role → permissions.
    public let roles: [String: Set<String>]
    /// OAuth2 scope → permissions.
    public let scopes: [String: Set<String>]

    /// A policy file that cannot be used; `message` names the offending entry, never a secret.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    private struct File: Decodable {
        var version: Int
        var permissions: [String: String]
        var roles: [String: [String]]
        var scopes: [String: [String]]
    }

    /// Parses and checks a policy document.
    /// - Throws: ``Invalid`` for malformed JSON, an unknown version, or a grant of an undefined permission.
    public init(json: Data) throws(Invalid) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw Invalid(message: "roles policy is not valid JSON of the documented shape")
        }
        guard file.version == 1 else { throw Invalid(message: "roles policy version \(file.version) is not supported") }
        for (name, granted) in file.roles.sorted(by: { $0.key < $1.key }) {
            if let unknown = granted.first(where: { file.permissions[$0] == nil }) {
                throw Invalid(message: "role \(name) grants undefined permission \(unknown)")
            }
        }
        for (name, granted) in file.scopes.sorted(by: { $0.key < $1.key }) {
            if let unknown = granted.first(where: { file.permissions[$0] == nil }) {
                throw Invalid(message: "scope \(name) grants undefined permission \(unknown)")
            }
        }
        self.permissions = file.permissions
        self.roles = file.roles.mapValues(Set.init)
        self.scopes = file.scopes.mapValues(Set.init)
    }

    /// The permissions of a bearer with `roles` and `scopes`; unknown names grant nothing.
    public func granted(roles: [String], scopes: [String]) -> Set<String> {
        var result = Set<String>()
        for role in roles { result.formUnion(self.roles[role] ?? []) }
        for scope in scopes { result.formUnion(self.scopes[scope] ?? []) }
        return result
    }
}
