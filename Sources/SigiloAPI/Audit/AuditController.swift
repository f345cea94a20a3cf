import Foundation
import Hummingbird
import SigiloCore
import SigiloCrypto
package import SigiloStore

/// The compliance officer's view of the audit trail (`audit:read`): `GET /audit/events`,
/// `GET /audit/events/{seq}/proof`, `GET /audit/export`, `GET /audit/verify`.
///
/// Each call is itself an audit event, durable before the answer leaves.
package struct AuditController: Sendable {
    private let trail: AuditTrail
    private let verifier: AuditVerifier
    private let exporter: AuditExporter
    private let verifiers: [NoteVerifier]
    private let access: AuditedAccess

    static let compliance = (purpose: "compliance_audit", legalBasis: "legal_obligation")

    package init(database: Database, configuration: AuditConfiguration, access: AuditedAccess) {
        self.trail = AuditTrail(database: database)
        self.verifier = AuditVerifier(
            database: database,
            verifiers: configuration.trusted,
            archive: configuration.archive
        )
        self.exporter = AuditExporter(trail: trail, signer: configuration.signer)
        self.verifiers = configuration.trusted
        self.access = access
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/audit/events",
            use: access.handler(.auditRead, records: Self.action("audit.events.read")) { request, _, identity in
                try await events(request, identity)
            }
        )
        routes.get(
            "/audit/events/{seq}/proof",
            use: access.handler(.auditRead, records: Self.action("audit.proof.read")) { _, context, identity in
                try await proof(context, identity)
            }
        )
        routes.get(
            "/audit/export",
            use: access.handler(.auditRead, records: Self.action("audit.export")) { request, _, identity in
                try await export(request, identity)
            }
        )
        routes.get(
            "/audit/verify",
            use: access.handler(.auditRead, records: Self.action("audit.verify")) { request, _, identity in
                try await verify(request, identity)
            }
        )
    }

    private static func action(_ name: String) -> AuditedAccess.Action {
        AuditedAccess.Action(
            name,
            resourceType: "audit_trail",
            purpose: compliance.purpose,
            legalBasis: compliance.legalBasis
        )
    }

    private func events(_ request: Request, _ identity: Identity) async throws -> (Response, AuditedAccess.Touched) {
        let query = AuditQuery(request)
        let limit = try query.integer("limit", in: 1...500) ?? 100
        let after = try query.integer("after", in: 0...Int.max) ?? 0
        let filter = AuditTrail.Filter(
            from: try query.time("from"),
            to: try query.time("to"),
            actorID: try query.text("actor"),
            subjectID: try query.text("subject"),
            action: try query.text("action")
        )
        let entries = try await readingTrail {
            try await trail.page(tenant: identity.tenantID, filter: filter, after: UInt64(after), limit: limit)
        }
        let next = entries.count == limit ? entries.last.map { String($0.event.seq) } : nil
        let page = EventPage(events: entries.map(EventPage.Item.init), next: next)
        var details = ["count": "\(entries.count)"]
        if let first = entries.first, let last = entries.last {
            details["seq_range"] = "\(first.event.seq)-\(last.event.seq)"
        }
        return (try JSONResponse.make(page), .init(subjectID: filter.subjectID ?? "", details: details))
    }

    private func proof(
        _ context: SigiloRequestContext,
        _ identity: Identity
    ) async throws -> (Response, AuditedAccess.Touched) {
        guard let raw = context.parameters.get("seq"), let seq = UInt64(raw), seq >= 1 else {
            throw APIError.invalidField("seq", expected: "an event seq (an integer from 1)")
        }
        guard let entry = try await readingTrail({ try await trail.event(tenant: identity.tenantID, seq: seq) }) else {
            throw APIError.notFound
        }
        // The latest checkpoint covering the event whose signature and columns check out.
        let opened = try await trail.checkpoints(tenant: identity.tenantID).reversed().lazy
            .filter { $0.checkpoint.size >= seq }
            .compactMap { stored -> (StoredCheckpoint, AuditCheckpoint)? in
                guard let checkpoint = try? AuditCheckpoint.open(stored.signedNote, verifiers: verifiers),
                    checkpoint.size == stored.checkpoint.size, checkpoint.root == stored.checkpoint.root,
                    checkpoint.headHash == stored.checkpoint.headHash,
                    checkpoint.origin.hasSuffix("/" + identity.tenantID.lowercasedString)
                else { return nil }
                return (stored, checkpoint)
            }
            .first
        guard let (covering, checkpoint) = opened else { throw APIError.notCheckpointed }
        let leaves = try await readingTrail {
            try await trail.leaves(tenant: identity.tenantID, through: checkpoint.size)
        }
        let path = MerkleTree.inclusionProof(index: Int(seq - 1), in: leaves[...])
        let body = InclusionProof(
            seq: seq,
            leafIndex: seq - 1,
            leafHash: entry.leaf.base64EncodedString(),
            encoded: entry.encoded.base64EncodedString(),
            event: AuditEventView(entry.event),
            treeSize: checkpoint.size,
            rootHash: checkpoint.root.base64EncodedString(),
            signedNote: covering.signedNote,
            proof: path.map { $0.base64EncodedString() }
        )
        return (try JSONResponse.make(body), .init(resourceID: "\(seq)", subjectID: entry.event.subjectID))
    }

    private func export(_ request: Request, _ identity: Identity) async throws -> (Response, AuditedAccess.Touched) {
        let query = AuditQuery(request)
        let format =
            try query.text("format").map {
                guard let format = AuditExporter.Format(rawValue: $0) else {
                    throw APIError.invalidField("format", expected: "ndjson or csv")
                }
                return format
            } ?? .ndjson
        var first = UInt64(try query.integer("from_seq", in: 1...Int.max) ?? 1)
        var last = UInt64(try query.integer("to_seq", in: 1...Int.max) ?? Int.max)
        let (from, to) = (try query.time("from"), try query.time("to"))
        if from != nil || to != nil {
            guard let bounds = try await trail.seqBounds(tenant: identity.tenantID, from: from, to: to) else {
                throw APIError.emptyRange
            }
            first = max(first, bounds.lowerBound)
            last = min(last, bounds.upperBound)
        }
        guard first <= last, let plan = try await exporter.plan(tenant: identity.tenantID, requested: first...last)
        else {
            throw APIError.emptyRange
        }
        var headers = HTTPFields()
        headers[.contentType] = format == .ndjson ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"audit-\(plan.first)-\(plan.last).\(format.rawValue)\""
        headers[.cacheControl] = "no-store"
        let response = Response(
            status: .ok,
            headers: headers,
            body: exporter.body(tenant: identity.tenantID, plan: plan, format: format)
        )
        return (response, .init(details: ["format": format.rawValue, "seq_range": "\(plan.first)-\(plan.last)"]))
    }

    private func verify(_ request: Request, _ identity: Identity) async throws -> (Response, AuditedAccess.Touched) {
        let from = UInt64(try AuditQuery(request).integer("from_seq", in: 1...Int.max) ?? 1)
        let started = ContinuousClock.now
        let report = try await verifier.verify(tenant: identity.tenantID, from: from)
        let elapsed = ContinuousClock.now - started
        let body = VerificationBody(
            report,
            milliseconds: Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            )
        )
        return (try JSONResponse.make(body), .init(details: ["result": body.status, "events": "\(body.events)"]))
    }

    /// Runs a read of the trail; a stored event that does not decode is a broken trail, not a bug.
    private func readingTrail<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let broken as AuditTrail.Undecodable {
            throw APIError.auditTrailBroken(seq: broken.seq)
        }
    }
}

extension APIError {
    /// No signed checkpoint covers the event yet.
    static let notCheckpointed = APIError(
        .conflict,
        code: "not_checkpointed",
        message:
            "No signed checkpoint covers this event yet; one is made within audit.checkpointInterval (60 s by default).",
        headers: [.retryAfter: "60"]
    )

    /// The range or filter selects no event.
    static let emptyRange = APIError(
        .unprocessableContent,
        code: "empty_range",
        message: "The requested range holds no audit event."
    )

    /// A stored event cannot be decoded: the trail was changed outside the application.
    static func auditTrailBroken(seq: UInt64) -> APIError {
        APIError(
            .conflict,
            code: "audit_trail_broken",
            message: "Audit event \(seq) is not a valid event; run GET /audit/verify and alert security."
        )
    }
}
