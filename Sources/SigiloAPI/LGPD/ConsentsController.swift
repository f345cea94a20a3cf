import Foundation
import Hummingbird
import SigiloCore
package import SigiloStore

/// Consent records (LGPD Arts. 7 I, 8): `GET /contacts/{id}/consents` (history and current
/// state per purpose, `contacts:read`) and `POST /contacts/{id}/consents` (a grant or a
/// revocation, `contacts:write`), each audited.
package struct ConsentsController: Sendable {
    private let consents: ConsentRepository
    private let access: AuditedAccess
    private let guardian: AccessGuard

    package init(consents: ConsentRepository, access: AuditedAccess, guardian: AccessGuard) {
        self.consents = consents
        self.access = access
        self.guardian = guardian
    }

    private static let purpose = "consent_management"

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/contacts/{id}/consents",
            use: access.handler(
                .contactsRead,
                records: LGPDAudit.action("consent.read", resourceType: "contact", purpose: Self.purpose)
            ) { _, context, identity in
                let id = try context.pathID()
                guard let history = try await consents.history(contact: id, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return (try JSONResponse.make(ConsentsView(history)), CRMAudit.contact(id))
            }
        )
        routes.post(
            "/contacts/{id}/consents",
            use: guardian.requiring(.contactsWrite) { request, context, identity in
                let id = try context.pathID()
                let change = try await request.decodeJSON(as: ConsentInput.self, context: context).change()
                let audit = LGPDAudit.draft(
                    "consent.\(change.status == .granted ? "grant" : "revoke")",
                    resourceType: "contact",
                    purpose: Self.purpose,
                    identity: identity,
                    context: context,
                    resourceID: id.lowercasedString,
                    subjectID: id.lowercasedString,
                    details: ["purpose": change.purpose.rawValue, "channel": change.channel]
                )
                guard
                    let record = try await consents.record(change, contact: id, tenant: identity.tenantID, audit: audit)
                else { throw APIError.notFound }
                return try JSONResponse.make(ConsentView(record), status: .created)
            }
        )
    }
}
