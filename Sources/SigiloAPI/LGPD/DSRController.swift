import Foundation
import Hummingbird
import SigiloCore
package import SigiloCrypto
package import SigiloStore

/// Data-subject requests (LGPD Arts. 18, 19), permission `dsr:manage`:
/// `POST /dsr`, `GET /dsr` (filters `status`, `overdue=true`), `GET /dsr/{id}`,
/// `POST /dsr/{id}/approve|reject|complete`, and `POST /dsr/{id}/erasure`, which executes an
/// approved erasure and answers its signed receipt. Legal holds that block erasure:
/// `GET/POST /contacts/{id}/legal-holds`, `DELETE /contacts/{id}/legal-holds/{hold}`.
package struct DSRController: Sendable {
    /// What the controller works with.
    package struct Dependencies: Sendable {
        package var requests: DSRRepository
        package var erasures: ErasureRepository
        package var holds: LegalHoldRepository
        /// Signs erasure receipts (the audit checkpoint key).
        package var signer: NoteSigner
        /// Called after an erasure commits (the host CRM's notice is queued then).
        package var afterErasure: @Sendable () -> Void

        package init(
            requests: DSRRepository,
            erasures: ErasureRepository,
            holds: LegalHoldRepository,
            signer: NoteSigner,
            afterErasure: @escaping @Sendable () -> Void = {}
        ) {
            self.requests = requests
            self.erasures = erasures
            self.holds = holds
            self.signer = signer
            self.afterErasure = afterErasure
        }
    }

    private let dependencies: Dependencies
    private let access: AuditedAccess
    private let guardian: AccessGuard

    package init(_ dependencies: Dependencies, access: AuditedAccess, guardian: AccessGuard) {
        self.dependencies = dependencies
        self.access = access
        self.guardian = guardian
    }

    private static let purpose = "data_subject_rights"

    private static func draft(
        _ action: String,
        _ identity: Identity,
        _ context: SigiloRequestContext,
        resourceType: String = "dsr_request",
        resourceID: String = "",
        subjectID: String = "",
        details: [String: String] = [:]
    ) -> AuditDraft {
        LGPDAudit.draft(
            action,
            resourceType: resourceType,
            purpose: purpose,
            identity: identity,
            context: context,
            resourceID: resourceID,
            subjectID: subjectID,
            details: details
        )
    }

    package func addRoutes(to routes: APIRoutes) {
        addRequestRoutes(to: routes)
        addDecisionRoutes(to: routes)
        addHoldRoutes(to: routes)
    }

    private func addRequestRoutes(to routes: APIRoutes) {
        routes.post(
            "/dsr",
            use: guardian.requiring(.dsrManage) { request, context, identity in
                let draft = try await request.decodeJSON(as: DSRInput.self, context: context).draft()
                let audit = Self.draft("dsr.create", identity, context, details: ["kind": draft.kind.rawValue])
                guard
                    let created = try await dependencies.requests.create(draft, tenant: identity.tenantID, audit: audit)
                else { throw APIError.invalidField("contact_id", expected: "the id of a contact of your tenant") }
                return try JSONResponse.make(
                    DSRView(created),
                    status: .created,
                    headers: [.location: "/dsr/\(created.id.lowercasedString)"]
                )
            }
        )
        routes.get(
            "/dsr",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action("dsr.list", resourceType: "dsr_request", purpose: Self.purpose)
            ) { request, _, identity in
                let query = request.uri.queryParameters
                let status = try query.get("status").map {
                    try FieldRules.oneOf($0, as: DataSubjectRequest.Status.self, field: "status")
                }
                let overdue = try query.get("overdue").map { value -> Bool in
                    guard value == "true" || value == "false" else {
                        throw APIError.invalidField("overdue", expected: "true or false")
                    }
                    return value == "true"
                }
                let limit = try query.get("limit").map { value -> Int in
                    guard let limit = Int(value), (1...500).contains(limit) else {
                        throw APIError.invalidField("limit", expected: "an integer from 1 to 500")
                    }
                    return limit
                }
                let now = Date()
                let found = try await dependencies.requests.list(
                    tenant: identity.tenantID,
                    status: status,
                    overdueAt: overdue == true ? now : nil,
                    limit: limit ?? 100
                )
                let views = found.map { DSRView($0, now: now) }
                return (
                    try JSONResponse.make(["requests": views]),
                    AuditedAccess.Touched(details: ["count": "\(views.count)"])
                )
            }
        )
        routes.get(
            "/dsr/{id}",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action("dsr.read", resourceType: "dsr_request", purpose: Self.purpose)
            ) { _, context, identity in
                let id = try context.pathID()
                guard let found = try await dependencies.requests.find(id, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return (
                    try JSONResponse.make(DSRView(found)),
                    AuditedAccess.Touched(resourceID: id.lowercasedString, subjectID: found.subject.lowercasedString)
                )
            }
        )
    }

    private func addDecisionRoutes(to routes: APIRoutes) {
        for (verb, status) in [
            ("approve", DataSubjectRequest.Status.approved), ("reject", .rejected), ("complete", .completed),
        ] {
            routes.post(
                "/dsr/{id}/\(verb)",
                use: guardian.requiring(.dsrManage) { request, context, identity in
                    let id = try context.pathID()
                    let outcome = try await Self.outcome(of: request, context: context, moving: status)
                    let audit = Self.draft(
                        "dsr.\(verb)",
                        identity,
                        context,
                        details: outcome.map { ["outcome": $0] } ?? [:]
                    )
                    do {
                        let moved = try await dependencies.requests.move(
                            id,
                            to: status,
                            outcome: outcome,
                            tenant: identity.tenantID,
                            audit: audit
                        )
                        return try JSONResponse.make(DSRView(moved))
                    } catch let refusal as DSRRepository.Refusal {
                        throw Self.error(refusal)
                    }
                }
            )
        }
        routes.post(
            "/dsr/{id}/erasure",
            use: guardian.requiring(.dsrManage) { _, context, identity in
                let id = try context.pathID()
                do {
                    let receipt = try await dependencies.erasures.execute(
                        request: id,
                        tenant: identity.tenantID,
                        signer: dependencies.signer,
                        audit: Self.draft("dsr.erasure", identity, context)
                    )
                    dependencies.afterErasure()
                    return try JSONResponse.make(ErasureReceiptView(receipt))
                } catch let refusal as ErasureRepository.Refusal {
                    throw Self.error(refusal)
                }
            }
        )
    }

    /// The optional body of a decision: a reason to reject, an outcome to complete.
    private static func outcome(
        of request: Request,
        context: SigiloRequestContext,
        moving status: DataSubjectRequest.Status
    ) async throws -> String? {
        // No body at all (no Content-Type) is an empty decision; a body must be JSON.
        guard request.headers[.contentType] != nil else {
            if status == .rejected { throw APIError.missingField("reason") }
            return nil
        }
        let input = try await request.decodeJSON(as: DSRDecisionInput.self, context: context)
        switch status {
        case .rejected:
            guard let reason = input.reason else { throw APIError.missingField("reason") }
            guard input.outcome == nil else { throw APIError.unknownField("outcome") }
            return try LGPDFields.code(reason, field: "reason", maximum: 64)
        case .completed:
            guard input.reason == nil else { throw APIError.unknownField("reason") }
            let outcome = try input.outcome.map { try LGPDFields.code($0, field: "outcome", maximum: 64) }
            // Only an executed erasure says "erased" (POST /dsr/{id}/erasure).
            guard outcome != "erased" else {
                throw APIError.invalidField(
                    "outcome",
                    expected: "a code other than erased, which only an erasure records"
                )
            }
            return outcome
        default:
            guard input.reason == nil else { throw APIError.unknownField("reason") }
            guard input.outcome == nil else { throw APIError.unknownField("outcome") }
            return nil
        }
    }

    private func addHoldRoutes(to routes: APIRoutes) {
        routes.post(
            "/contacts/{id}/legal-holds",
            use: guardian.requiring(.dsrManage) { request, context, identity in
                let contact = try context.pathID()
                let input = try await request.decodeJSON(as: LegalHoldInput.self, context: context)
                let reason = try LGPDFields.code(input.reason, field: "reason", maximum: 64)
                let until = try input.until.map { try FieldRules.timestamp($0, field: "until") }
                if let until, until <= Date() { throw APIError.invalidField("until", expected: "a future time") }
                let audit = Self.draft(
                    "legal_hold.place",
                    identity,
                    context,
                    resourceType: "legal_hold",
                    subjectID: contact.lowercasedString,
                    details: ["reason": reason]
                )
                guard
                    let hold = try await dependencies.holds.place(
                        contact: contact,
                        reason: reason,
                        until: until,
                        tenant: identity.tenantID,
                        audit: audit
                    )
                else { throw APIError.notFound }
                return try JSONResponse.make(LegalHoldView(hold), status: .created)
            }
        )
        routes.get(
            "/contacts/{id}/legal-holds",
            use: access.handler(
                .dsrManage,
                records: LGPDAudit.action("legal_hold.list", resourceType: "contact", purpose: Self.purpose)
            ) { _, context, identity in
                let contact = try context.pathID()
                guard let holds = try await dependencies.holds.list(contact: contact, tenant: identity.tenantID) else {
                    throw APIError.notFound
                }
                return (
                    try JSONResponse.make(["legal_holds": holds.map(LegalHoldView.init)]), CRMAudit.contact(contact)
                )
            }
        )
        routes.on(
            .delete,
            "/contacts/{id}/legal-holds/{hold}",
            use: guardian.requiring(.dsrManage) { _, context, identity in
                let contact = try context.pathID()
                let id = try context.pathID("hold")
                let audit = Self.draft(
                    "legal_hold.release",
                    identity,
                    context,
                    resourceType: "legal_hold",
                    resourceID: id.lowercasedString,
                    subjectID: contact.lowercasedString
                )
                guard
                    try await dependencies.holds.release(id, contact: contact, tenant: identity.tenantID, audit: audit)
                        != nil
                else { throw APIError.notFound }
                return Response(status: .noContent)
            }
        )
    }

    private static func error(_ refusal: DSRRepository.Refusal) -> APIError {
        switch refusal {
        case .notFound:
            APIError.notFound
        case .closed(let status):
            APIError(.conflict, code: "request_closed", message: "The request is \(status.rawValue) already.")
        case .alreadyApproved:
            APIError(.conflict, code: "request_approved", message: "The request is approved already.")
        case .erasureNotExecuted:
            APIError(
                .conflict,
                code: "erasure_not_executed",
                message: "An erasure request is completed by executing it (POST /dsr/{id}/erasure) once approved, "
                    + "or rejected."
            )
        }
    }

    private static func error(_ refusal: ErasureRepository.Refusal) -> APIError {
        switch refusal {
        case .notFound:
            APIError.notFound
        case .notErasure(let kind):
            APIError(
                .conflict,
                code: "not_an_erasure",
                message: "The request is of kind \(kind.rawValue); only an erasure request is executed here."
            )
        case .notApproved(let status):
            APIError(
                .conflict,
                code: "request_not_approved",
                message:
                    "The request is \(status.rawValue); an erasure runs only once approved (POST /dsr/{id}/approve)."
            )
        case .alreadyErased:
            APIError(.conflict, code: "already_erased", message: "The subject's data has been erased already.")
        case .legalHold(let reasons):
            APIError.legalHold(reasons)
        }
    }
}

extension APIError {
    /// Legal holds keep the data (erasure, contact deletion); names the reason codes.
    static func legalHold(_ reasons: [String]) -> APIError {
        APIError(
            .conflict,
            code: "legal_hold",
            message: "Legal holds keep this subject's data: \(reasons.joined(separator: ", ")). "
                + "Release them (DELETE /contacts/{id}/legal-holds/{hold}) or wait until they end."
        )
    }
}

struct LegalHoldInput: Decodable {
    var reason: String
    var until: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case reason, until }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reason = try container.decode(String.self, forKey: .reason)
        until = try container.decodeIfPresent(String.self, forKey: .until)
    }
}

struct LegalHoldView: Encodable {
    var id: String
    var contactID: String
    var reason: String
    var until: Date?
    var createdBy: String
    var createdAt: Date
    var releasedBy: String?
    var releasedAt: Date?

    init(_ hold: LegalHoldRepository.Hold) {
        id = hold.id.lowercasedString
        contactID = hold.contact.lowercasedString
        reason = hold.reason
        until = hold.until
        createdBy = hold.createdBy
        createdAt = hold.createdAt
        releasedBy = hold.releasedBy
        releasedAt = hold.releasedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, reason, until
        case contactID = "contact_id"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case releasedBy = "released_by"
        case releasedAt = "released_at"
    }
}
