package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Data-subject requests (LGPD Art. 18) and their deadlines (Art. 19). Every change is
/// audited in its own transaction; the free-text details are sealed under the subject's key.
package struct DSRRepository: Sendable {
    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Why a request cannot move as asked.
    package enum Refusal: Error, Equatable, Sendable {
        case notFound
        /// Completed or rejected already.
        case closed(DataSubjectRequest.Status)
        /// Approving what is approved.
        case alreadyApproved
        /// An erasure request is completed only by executing it.
        case erasureNotExecuted
    }

    /// A new request.
    package struct Draft: Sendable {
        package var contact: UUID
        package var kind: DataSubjectRequest.Kind
        package var channel: String
        package var details: String?
        package var receivedAt: Date
        package var reply: DataSubjectRequest.Reply

        package init(
            contact: UUID,
            kind: DataSubjectRequest.Kind,
            channel: String,
            details: String?,
            receivedAt: Date,
            reply: DataSubjectRequest.Reply = .complete
        ) {
            self.contact = contact
            self.kind = kind
            self.channel = channel
            self.details = details
            self.receivedAt = receivedAt
            self.reply = reply
        }
    }

    static let columnNames = [
        "id", "contact_id", "subject_id", "kind", "status", "channel", "details_sealed", "received_at", "due_at",
        "created_by", "approved_by", "approved_at", "closed_by", "closed_at", "outcome", "updated_at", "reply",
    ]
    static let columns = columnNames.joined(separator: ", ")

    /// Records a request about a live contact, with its audit event.
    /// - Returns: the request, or nil when the tenant has no such contact.
    package func create(_ draft: Draft, tenant: UUID, audit: AuditDraft) async throws -> DataSubjectRequest? {
        try await database.withTenant(tenant) { connection -> DataSubjectRequest? in
            guard let subject = try await ContactSubject.lock(draft.contact, tenant: tenant, keys: keys, on: connection)
            else { return nil }
            let id = UUID()
            let sealed = try draft.details.map {
                try subject.key.seal($0, at: subject.address("dsr_requests", "details_sealed", row: id, tenant: tenant))
            }
            let rows = try await connection.query(
                """
                INSERT INTO dsr_requests (id, tenant_id, contact_id, subject_id, kind, channel, details_sealed,
                    received_at, due_at, created_by, reply)
                VALUES (\(id), \(tenant), \(draft.contact), \(subject.subject), \(draft.kind.rawValue), \(draft.channel),
                    \(sealed)::bytea, \(draft.receivedAt),
                    \(DataSubjectRequest.dueDate(receivedAt: draft.receivedAt, reply: draft.reply)), \(audit.actorID),
                    \(draft.reply.rawValue))
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            var created: DataSubjectRequest?
            for try await row in rows.decode(Row.self) { created = Self.request(row, details: draft.details) }
            var event = audit
            event.resourceID = id.uuidString.lowercased()
            event.subjectID = subject.subject.uuidString.lowercased()
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return created
        }
    }

    /// One request, its details opened while the subject's key exists.
    package func find(_ id: UUID, tenant: UUID) async throws -> DataSubjectRequest? {
        try await database.withTenant(tenant) { connection in
            try await Self.find(id, tenant: tenant, keys: keys, lock: false, on: connection)
        }
    }

    /// Requests in deadline order: all, those with `status`, or (`overdue`) those past their
    /// deadline and unanswered at `now`. Details are not opened in lists.
    package func list(
        tenant: UUID,
        status: DataSubjectRequest.Status?,
        overdueAt now: Date?,
        limit: Int
    ) async throws -> [DataSubjectRequest] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM dsr_requests
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)::text)
                  AND (\(now)::timestamptz IS NULL OR (status IN ('open', 'approved') AND due_at < \(now)::timestamptz))
                ORDER BY due_at, id
                LIMIT \(Int32(limit))
                """,
                logger: Database.silentLogger
            )
            var found: [DataSubjectRequest] = []
            for try await row in rows.decode(Row.self) { found.append(Self.request(row, details: nil)) }
            return found
        }
    }

    /// Moves a request to `status` (approved, completed or rejected) with `outcome`, audited.
    package func move(
        _ id: UUID,
        to status: DataSubjectRequest.Status,
        outcome: String?,
        tenant: UUID,
        audit: AuditDraft
    ) async throws -> DataSubjectRequest {
        try await database.withTenant(tenant) { connection in
            guard let current = try await Self.find(id, tenant: tenant, keys: keys, lock: true, on: connection) else {
                throw Refusal.notFound
            }
            guard current.status.isPending else { throw Refusal.closed(current.status) }
            if status == .approved, current.status == .approved { throw Refusal.alreadyApproved }
            if status == .completed, current.kind == .erasure { throw Refusal.erasureNotExecuted }
            let approving = status == .approved
            let rows = try await connection.query(
                """
                UPDATE dsr_requests SET status = \(status.rawValue), updated_at = now(),
                    approved_by = CASE WHEN \(approving) THEN \(audit.actorID) ELSE approved_by END,
                    approved_at = CASE WHEN \(approving) THEN now() ELSE approved_at END,
                    closed_by = CASE WHEN \(approving) THEN NULL ELSE \(audit.actorID) END,
                    closed_at = CASE WHEN \(approving) THEN NULL ELSE now() END,
                    outcome = COALESCE(\(outcome)::text, outcome)
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            var moved = current
            for try await row in rows.decode(Row.self) { moved = Self.request(row, details: current.details) }
            var event = audit
            event.resourceID = id.uuidString.lowercased()
            event.subjectID = current.subject.uuidString.lowercased()
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return moved
        }
    }

    typealias Row = (
        UUID, UUID?, UUID, String, String, String, Data?, Date, Date, String, String?, Date?, String?, Date?, String?,
        Date, String
    )

    typealias RowWithKey = (
        UUID, UUID?, UUID, String, String, String, Data?, Date, Date, String, String?, Date?, String?, Date?, String?,
        Date, String, Data?
    )

    static func find(
        _ id: UUID,
        tenant: UUID,
        keys: CRMKeys,
        lock: Bool,
        on connection: PostgresConnection
    ) async throws -> DataSubjectRequest? {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columnNames.map { "r." + $0 }.joined(separator: ", ")), k.wrapped
            FROM dsr_requests r
            LEFT JOIN subject_keys k ON k.tenant_id = r.tenant_id AND k.subject_id = r.subject_id
            WHERE r.id = \(id)
            \(unescaped: lock ? "FOR UPDATE OF r" : "")
            """,
            logger: Database.silentLogger
        )
        for try await full in rows.decode(RowWithKey.self) {
            let row: Row = (
                full.0, full.1, full.2, full.3, full.4, full.5, full.6, full.7, full.8, full.9, full.10, full.11,
                full.12, full.13, full.14, full.15, full.16
            )
            let wrapped = full.17
            var details: String?
            if let sealed = row.6, let wrapped {
                let key = try keys.subjectKey(wrapped, tenant: tenant, subject: row.2)
                let address = FieldAddress(
                    tenant: tenant,
                    table: "dsr_requests",
                    column: "details_sealed",
                    row: id,
                    subject: row.2
                )
                details = try? key.open(sealed, at: address)
            }
            return request(row, details: details)
        }
        return nil
    }

    static func request(_ row: Row, details: String?) -> DataSubjectRequest {
        DataSubjectRequest(
            id: row.0,
            contact: row.1,
            subject: row.2,
            kind: DataSubjectRequest.Kind(rawValue: row.3) ?? .access,
            status: DataSubjectRequest.Status(rawValue: row.4) ?? .open,
            channel: row.5,
            details: details,
            receivedAt: row.7,
            dueAt: row.8,
            createdBy: row.9,
            approvedBy: row.10,
            approvedAt: row.11,
            closedBy: row.12,
            closedAt: row.13,
            outcome: row.14,
            updatedAt: row.15,
            reply: DataSubjectRequest.Reply(rawValue: row.16) ?? .complete
        )
    }
}
