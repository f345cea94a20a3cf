import Foundation
import Hummingbird
import SigiloCore

/// `POST /auth/login`, `POST /auth/refresh`, `POST /auth/logout`, `GET /me` and
/// `POST /me/password`.
package struct AuthController: Sendable {
    private let sessions: Sessions
    private let guardian: AccessGuard

    package init(sessions: Sessions, guardian: AccessGuard) {
        self.sessions = sessions
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.post("/auth/login") { request, context in try await login(request, context) }
        routes.post("/auth/refresh") { request, context in
            let body = try await request.decodeJSON(as: RefreshRequest.self, context: context)
            return try JSONResponse.make(try await sessions.refresh(body.refreshToken, logger: context.logger))
        }
        routes.post(
            "/auth/logout",
            use: guardian.authenticated { request, context, identity in
                let body = try await Self.optionalBody(request, context)
                try await sessions.logout(identity, refreshToken: body?.refreshToken)
                return Response(status: .noContent)
            }
        )
        routes.get(
            "/me",
            use: guardian.authenticated { _, _, identity in
                try JSONResponse.make(MeResponse(identity))
            }
        )
        routes.post(
            "/me/password",
            use: guardian.authenticated { request, context, identity in
                let body = try await request.decodeJSON(as: PasswordChangeRequest.self, context: context)
                try await sessions.changePassword(
                    identity,
                    current: body.currentPassword,
                    new: body.newPassword,
                    logger: context.logger
                )
                return Response(status: .noContent)
            }
        )
    }

    private func login(_ request: Request, _ context: SigiloRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: LoginRequest.self, context: context)
        guard let tenant = TenantSlug(body.tenant) else {
            throw APIError.invalidField("tenant", expected: "a tenant slug (a-z, 0-9, -)")
        }
        guard let email = EmailAddress(body.email) else {
            throw APIError.invalidField("email", expected: "an e-mail address")
        }
        guard (1...PasswordRules.maximumLength).contains(body.password.count) else {
            throw APIError.invalidField("password", expected: "1 to \(PasswordRules.maximumLength) characters")
        }
        let pair = try await sessions.login(
            tenant: tenant,
            email: email,
            password: body.password,
            address: context.remoteAddress,
            logger: context.logger
        )
        return try JSONResponse.make(pair)
    }

    /// Logout's body is optional: an empty body revokes only the access token.
    private static func optionalBody(
        _ request: Request,
        _ context: SigiloRequestContext
    ) async throws -> RefreshRequest? {
        guard let length = request.headers[.contentLength], length != "0" else {
            return request.headers[.contentType] == nil
                ? nil : try await request.decodeJSON(as: RefreshRequest.self, context: context)
        }
        return try await request.decodeJSON(as: RefreshRequest.self, context: context)
    }
}

struct LoginRequest: Decodable {
    var tenant: String
    var email: String
    var password: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tenant, email, password
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try container.decode(String.self, forKey: .tenant)
        email = try container.decode(String.self, forKey: .email)
        password = try container.decode(String.self, forKey: .password)
    }
}

struct RefreshRequest: Decodable {
    var refreshToken: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case refreshToken = "refresh_token"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        refreshToken = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .refreshToken)
    }
}

struct PasswordChangeRequest: Decodable {
    var currentPassword: String
    var newPassword: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case currentPassword = "current_password"
        case newPassword = "new_password"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currentPassword = try container.decode(String.self, forKey: .currentPassword)
        newPassword = try container.decode(String.self, forKey: .newPassword)
    }
}

/// What `GET /me` tells callers about themselves.
struct MeResponse: Encodable {
    var kind: String
    var subjectID: String
    var tenantID: String
    var roles: [String]
    var scopes: [String]
    var permissions: [String]
    var expiresAt: Date

    init(_ identity: Identity) {
        kind = identity.kind.rawValue
        subjectID = identity.subjectID.lowercasedString
        tenantID = identity.tenantID.lowercasedString
        roles = identity.roles
        scopes = identity.scopes
        permissions = identity.permissions.sorted()
        expiresAt = identity.expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case kind, roles, scopes, permissions
        case subjectID = "subject_id"
        case tenantID = "tenant_id"
        case expiresAt = "expires_at"
    }
}
