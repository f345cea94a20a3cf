package import Hummingbird
import Logging
package import SigiloCore

/// Wraps route handlers so that each one names the permission it needs.
///
/// An unauthenticated request gets 401, an authenticated one without the permission 403
/// (`forbidden`). Handlers receive the ``Identity`` and must confine every query to
/// `identity.tenantID`; row-level security makes another tenant's rows invisible, so such a
/// resource answers 404 as if it did not exist.
package struct AccessGuard: Sendable {
    package let authenticator: Authenticator
    private let events: any SecurityEventSink

    /// - Throws: ``ConfigurationError`` when the policy lacks a permission some route requires.
    package init(
        authenticator: Authenticator,
        policy: PermissionPolicy,
        events: any SecurityEventSink = LoggingSecurityEvents()
    ) throws {
        if let missing = Permission.all.first(where: { policy.permissions[$0.name] == nil }) {
            throw ConfigurationError(
                key: "auth.policiesDirectory",
                expectation: "a roles.json defining permission \(missing.name), which a route requires"
            )
        }
        self.authenticator = authenticator
        self.events = events
    }

    /// A handler that runs `body` only for a caller holding `permission`.
    package func requiring<Output: ResponseGenerator>(
        _ permission: Permission,
        _ body: @escaping @Sendable (Request, SigiloRequestContext, Identity) async throws -> Output
    ) -> @Sendable (Request, SigiloRequestContext) async throws -> Output {
        { [authenticator, events] request, context in
            let identity = try await authenticator.identify(request, logger: context.logger)
            guard identity.holds(permission) else {
                await events.record(
                    .permissionDenied(tenant: identity.tenantID, actor: identity, permission: permission.name),
                    logger: context.logger
                )
                throw APIError.forbidden
            }
            return try await body(request, context, identity)
        }
    }

    /// A handler for any authenticated caller (for `/me` and logout).
    package func authenticated<Output: ResponseGenerator>(
        _ body: @escaping @Sendable (Request, SigiloRequestContext, Identity) async throws -> Output
    ) -> @Sendable (Request, SigiloRequestContext) async throws -> Output {
        { [authenticator] request, context in
            try await body(request, context, try await authenticator.identify(request, logger: context.logger))
        }
    }
}
