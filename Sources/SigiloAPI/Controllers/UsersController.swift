import Foundation
import Hummingbird
import Logging
import SigiloCore
import SigiloCrypto
import SigiloStore

/// The users of the caller's tenant: `GET/POST /users`, `GET/PATCH /users/{id}`.
///
/// Admins manage users (`users:manage`); the compliance officer can read them (`users:read`).
/// Users are disabled, never deleted, so the audit trail keeps naming real accounts.
package struct UsersController: Sendable {
    private let users: UserRepository
    private let hasher: PasswordHasher
    private let keys: IdentityKeys
    private let policy: PermissionPolicy
    private let passwordRules: PasswordRules
    private let guardian: AccessGuard
    private let events: any SecurityEventSink

    package init(sessions: Sessions, guardian: AccessGuard, events: any SecurityEventSink) {
        self.users = sessions.users
        self.hasher = sessions.hasher
        self.keys = sessions.keys
        self.policy = sessions.configuration.permissions
        self.passwordRules = sessions.configuration.passwordRules
        self.guardian = guardian
        self.events = events
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/users",
            use: guardian.requiring(.usersRead) { request, _, identity in
                try await list(request, identity)
            }
        )
        routes.post(
            "/users",
            use: guardian.requiring(.usersManage) { request, context, identity in
                try await create(request, context, identity)
            }
        )
        routes.get(
            "/users/{id}",
            use: guardian.requiring(.usersRead) { _, context, identity in
                let id = try Self.userID(context)
                guard let user = try await users.find(tenant: identity.tenantID, id: id) else {
                    throw APIError.notFound
                }
                return try JSONResponse.make(try view(user))
            }
        )
        routes.on(
            .patch,
            "/users/{id}",
            use: guardian.requiring(.usersManage) { request, context, identity in
                try await update(request, context, identity)
            }
        )
    }

    private func list(_ request: Request, _ identity: Identity) async throws -> Response {
        let limit =
            try request.uri.queryParameters.get("limit").map {
                guard let value = Int($0), (1...200).contains(value) else {
                    throw APIError.invalidField("limit", expected: "an integer from 1 to 200")
                }
                return value
            } ?? 50
        let after = try request.uri.queryParameters.get("after").map {
            guard let id = UUID(uuidString: $0) else { throw APIError.invalidField("after", expected: "a user id") }
            return id
        }
        let page = try await users.list(tenant: identity.tenantID, after: after, limit: limit)
        let next = page.count == limit ? page.last?.id.lowercasedString : nil
        return try JSONResponse.make(UserList(users: try page.map(view), next: next))
    }

    private func create(
        _ request: Request,
        _ context: SigiloRequestContext,
        _ identity: Identity
    ) async throws -> Response {
        let body = try await request.decodeJSON(as: CreateUserRequest.self, context: context)
        guard let email = EmailAddress(body.email) else {
            throw APIError.invalidField("email", expected: "an e-mail address")
        }
        let roles = try checkedRoles(body.roles)
        do {
            try passwordRules.check(body.password)
        } catch {
            throw APIError.weakPassword("password", reason: error.rawValue)
        }
        let hash: String
        do {
            hash = try await hasher.hash(body.password)
        } catch let error as PasswordHasherError where error.code == .busy {
            throw APIError.busy
        }
        let id = UUID()
        do {
            let user = try await users.create(
                tenant: identity.tenantID,
                id: id,
                emailLookup: keys.refreshedLookup(email),
                otherLookups: Array(keys.lookups(email).dropFirst()),
                emailSealed: try keys.seal(email, tenant: identity.tenantID, user: id),
                roles: roles,
                passwordHash: hash
            )
            await events.record(
                .adminAction(
                    tenant: identity.tenantID,
                    actor: identity,
                    action: "user.create",
                    resourceType: "user",
                    resourceID: user.id.lowercasedString
                ),
                logger: context.logger
            )
            return try JSONResponse.make(
                try view(user),
                status: .created,
                headers: [.location: "/users/\(user.id.uuidString.lowercased())"]
            )
        } catch let error as StoreError where error.code == .conflict {
            throw APIError.conflict("A user with this e-mail already exists in the tenant.")
        }
    }

    private func update(
        _ request: Request,
        _ context: SigiloRequestContext,
        _ identity: Identity
    ) async throws -> Response {
        let id = try Self.userID(context)
        let body = try await request.decodeJSON(as: UpdateUserRequest.self, context: context)
        let roles = try body.roles.map(checkedRoles)
        if identity.kind == .user, identity.subjectID == id,
            body.disabled == true || (roles.map { !$0.contains("admin") } ?? false)
        {
            throw APIError.conflict("You cannot disable yourself or remove your own admin role; ask another admin.")
        }
        guard
            let user = try await users.update(tenant: identity.tenantID, id: id, roles: roles, disabled: body.disabled)
        else {
            throw APIError.notFound
        }
        await events.record(
            .adminAction(
                tenant: identity.tenantID,
                actor: identity,
                action: body.disabled == true ? "user.disable" : "user.update",
                resourceType: "user",
                resourceID: user.id.lowercasedString
            ),
            logger: context.logger
        )
        return try JSONResponse.make(try view(user))
    }

    private func checkedRoles(_ roles: [String]) throws -> [String] {
        guard (1...8).contains(roles.count), roles.allSatisfy({ policy.roles[$0] != nil }) else {
            throw APIError.invalidField(
                "roles",
                expected: "1 to 8 of: \(policy.roles.keys.sorted().joined(separator: ", "))"
            )
        }
        return Array(Set(roles)).sorted()
    }

    private func view(_ user: UserRecord) throws -> UserView {
        UserView(
            id: user.id.lowercasedString,
            email: try keys.open(user.emailSealed, tenant: user.tenantID, user: user.id),
            roles: user.roles,
            disabled: user.isDisabled,
            createdAt: user.createdAt,
            updatedAt: user.updatedAt
        )
    }

    private static func userID(_ context: SigiloRequestContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw APIError.notFound }
        return id
    }
}
