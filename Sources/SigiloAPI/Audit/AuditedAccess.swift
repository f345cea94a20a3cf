package import Hummingbird
import Logging
import SigiloCore
package import SigiloStore

/// Routes that touch personal data or the audit trail, declared with the audit event their
/// successful calls record: a route cannot be added without naming action, purpose and legal
/// basis, and its response is returned only once its event is durable (so nothing leaves the
/// server before the access is on record).
///
/// Failed calls record nothing here: denials are recorded by ``AccessGuard``, and a call that
/// failed touched nothing.
package struct AuditedAccess: Sendable {
    /// What a route does, named where the route is declared.
    package struct Action: Sendable {
        package let action: String
        package let resourceType: String
        package let purpose: String
        package let legalBasis: String

        package init(_ action: String, resourceType: String, purpose: String, legalBasis: String) {
            self.action = action
            self.resourceType = resourceType
            self.purpose = purpose
            self.legalBasis = legalBasis
        }
    }

    /// What one call touched, as its handler reports it.
    package struct Touched: Sendable {
        package var resourceID: String
        /// The pseudonymous data subject, when one.
        package var subjectID: String
        /// Ids and counts only, never personal data.
        package var details: [String: String]

        package init(resourceID: String = "", subjectID: String = "", details: [String: String] = [:]) {
            self.resourceID = resourceID
            self.subjectID = subjectID
            self.details = details
        }
    }

    let guardian: AccessGuard
    let appender: AuditAppender

    package init(guardian: AccessGuard, appender: AuditAppender) {
        self.guardian = guardian
        self.appender = appender
    }

    /// A handler for callers holding `permission` that records `action` with what `body`
    /// touched, then returns `body`'s output.
    package func handler<Output: ResponseGenerator>(
        _ permission: Permission,
        records action: Action,
        _ body: @escaping @Sendable (Request, SigiloRequestContext, Identity) async throws -> (Output, Touched)
    ) -> @Sendable (Request, SigiloRequestContext) async throws -> Output {
        guardian.requiring(permission) { [appender] request, context, identity in
            let (output, touched) = try await body(request, context, identity)
            let draft = AuditDraft(
                tenantID: identity.tenantID,
                actorKind: identity.kind.rawValue,
                actorID: identity.subjectID.lowercasedString,
                action: action.action,
                resourceType: action.resourceType,
                resourceID: touched.resourceID,
                subjectID: touched.subjectID,
                purpose: action.purpose,
                legalBasis: action.legalBasis,
                requestID: context.requestID.value,
                details: touched.details
            )
            do {
                _ = try await appender.append(draft)
            } catch {
                context.logger.error("audit append failed", metadata: ["error.type": "\(type(of: error))"])
                throw APIError.auditUnavailable
            }
            return output
        }
    }
}

extension APIError {
    /// The access could not be recorded, so its result is withheld.
    package static let auditUnavailable = APIError(
        .serviceUnavailable,
        code: "audit_unavailable",
        message: "The access could not be recorded in the audit trail, so its result is withheld; retry shortly.",
        headers: [.retryAfter: "5"]
    )
}
