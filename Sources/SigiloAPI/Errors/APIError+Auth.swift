import HTTPTypes

/// Errors of authentication and authorization (docs/errors.md, docs/auth.md).
extension APIError {
    /// No `Authorization: Bearer` header.
    package static let missingToken = APIError(
        .unauthorized,
        code: "missing_token",
        message: "This endpoint needs an access token: Authorization: Bearer <token>.",
        headers: [.wwwAuthenticate: "Bearer realm=\"sigilo\""]
    )

    /// The token is malformed, expired, revoked, or not ours. One code for all: the reason is
    /// logged, never told to the caller.
    package static let invalidToken = APIError(
        .unauthorized,
        code: "invalid_token",
        message: "The access token is invalid or expired.",
        headers: [.wwwAuthenticate: "Bearer realm=\"sigilo\", error=\"invalid_token\""]
    )

    /// Authenticated, but the roles and scopes do not grant the route's permission.
    package static let forbidden = APIError(
        .forbidden,
        code: "forbidden",
        message: "Your roles or scopes do not allow this."
    )

    /// The resource does not exist in the caller's tenant (another tenant's is not revealed).
    package static let notFound = APIError(.notFound, code: "not_found", message: "No such resource.")

    /// Wrong tenant, e-mail or password: deliberately one answer for all three.
    package static let invalidCredentials = APIError(
        .unauthorized,
        code: "invalid_credentials",
        message: "The tenant, e-mail or password is not correct."
    )

    /// The refresh token is unknown, spent, revoked or expired.
    package static let invalidRefreshToken = APIError(
        .unauthorized,
        code: "invalid_refresh_token",
        message: "The refresh token is invalid, expired or already used; log in again."
    )

    /// Too many failed logins for this account or address; retry after the given seconds.
    package static func tooManyAttempts(retryAfter seconds: Int) -> APIError {
        APIError(
            .tooManyRequests,
            code: "too_many_attempts",
            message: "Too many failed logins. Try again later.",
            headers: [.retryAfter: "\(max(seconds, 1))"]
        )
    }

    /// Every password-hashing slot and queue place is taken.
    package static let busy = APIError(
        .serviceUnavailable,
        code: "busy",
        message: "The server is busy checking other passwords. Retry shortly.",
        headers: [.retryAfter: "1"]
    )

    /// The new password breaks a rule; `reason` is `too_short`, `too_long` or `too_common`.
    package static func weakPassword(_ path: String, reason: String) -> APIError {
        APIError(
            .unprocessableContent,
            code: "weak_password",
            message:
                "Field '\(path)' is not an acceptable password (\(reason)): use 12 or more characters, not a common password."
        )
    }

    /// The thing to create exists already (an e-mail already a user of the tenant).
    package static func conflict(_ message: String) -> APIError {
        APIError(.conflict, code: "conflict", message: message)
    }
}
