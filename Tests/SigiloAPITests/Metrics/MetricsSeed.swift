import Foundation
import SigiloStore
import SigiloTesting

/// A small data set for the metrics, written by SQL as the database owner, one statement per
/// event so the triggers on `messages` record the facts as they do in service. Times are in
/// São Paulo (UTC−3); the window the tests read is Monday 2025-03-03 … Monday 2025-03-10.
///
/// acme: queue Q (Mon–Fri 09:00–18:00, holiday Tuesday 2025-03-04), agents A (`agent`) and
/// B (`admin`); contacts C1 (created in February, cadence unresponsive), C2 (new 03-03), C3
/// (new 03-07, invalid number), C4 (new 03-05 but merged into C2), C5 (created after the
/// window). Conversations:
/// - V1: C1, Q, A. Opened Fri 03-07 16:30; customer writes Fri 17:00; A answers Mon 03-10
///   10:00; closed Mon 11:00.
/// - V2: C2, Q, B. Opened Mon 03-03 09:00; customer Mon 10:00, B answers 10:30; customer Mon
///   17:30, B answers Wed 03-05 09:30; a cadence message Wed 12:00 (not a reply); B's message
///   of Thu 03-06 12:00 fails (`window_closed`). Stays open.
/// - V3: C3, no queue, no assignee. Opened Sat 03-08 10:00; customer 10:00; the host CRM (api)
///   answers 10:20; closed 12:00.
/// - V4: C1, Q, A, in February (before the window): a message each way, closed.
/// globex: one contact and a conversation with a message each way inside the window.
enum MetricsSeed {
    static let queue = "00000000-0000-4000-8000-00000000a001"
    static let globexQueue = "00000000-0000-4000-8000-00000000b001"
    static let contacts = (1...5).map { "00000000-0000-4000-8000-00000000c00\($0)" }
    static let globexContact = "00000000-0000-4000-8000-00000000c0b1"

    static func statements(acme: UUID, globex: UUID, agentA: UUID, agentB: UUID) -> [String] {
        let acme = acme.uuidString.lowercased()
        let globex = globex.uuidString.lowercased()
        let a = agentA.uuidString.lowercased()
        let b = agentB.uuidString.lowercased()
        let c = contacts
        var sql: [String] = []
        func contact(_ id: String, _ tenant: String, created: String, extra: String = "") {
            sql.append(
                """
                INSERT INTO subject_keys (subject_id, tenant_id, wrapped, kek_version)
                VALUES ('\(id)', '\(tenant)', decode(repeat('00', 65), 'hex'), 1)
                """
            )
            sql.append(
                """
                INSERT INTO contacts (id, tenant_id, subject_id, name_sealed, created_at, updated_at)
                VALUES ('\(id)', '\(tenant)', '\(id)', '\\x00', '\(created)', '\(created)')
                """
            )
        }
        contact(c[0], acme, created: "2025-02-01 12:00-03")
        contact(c[1], acme, created: "2025-03-03 08:00-03")
        contact(c[2], acme, created: "2025-03-07 09:00-03")
        contact(c[3], acme, created: "2025-03-05 09:00-03")
        contact(c[4], acme, created: "2025-03-12 09:00-03")
        contact(globexContact, globex, created: "2025-03-04 09:00-03")
        sql.append("UPDATE contacts SET whatsapp_status = 'invalid_number' WHERE id = '\(c[2])'")
        sql.append(
            """
            UPDATE contacts SET merged_into = '\(c[1])', merged_at = '2025-03-06 09:00-03', name_sealed = NULL
            WHERE id = '\(c[3])'
            """
        )
        sql.append(
            """
            INSERT INTO message_templates (id, tenant_id, name, language, category, status, definition)
            VALUES ('00000000-0000-4000-8000-0000000000e1', '\(acme)', 'cadencia', 'pt_BR', 'marketing', 'approved', '{}')
            """
        )
        sql.append(
            """
            INSERT INTO contact_cadences (tenant_id, contact_id, template_id, next_due_at, attempts, state)
            VALUES ('\(acme)', '\(c[0])', '00000000-0000-4000-8000-0000000000e1', '2025-04-01', 3, 'unresponsive')
            """
        )
        let hours = (1...5).map { #"{"day": \#($0), "open": "09:00", "close": "18:00"}"# }.joined(separator: ", ")
        sql.append(
            """
            INSERT INTO queues (id, tenant_id, name, business_hours, holidays, time_zone)
            VALUES ('\(queue)', '\(acme)', 'Vendas', '[\(hours)]', '{2025-03-04}', 'America/Sao_Paulo')
            """
        )
        sql.append(
            """
            INSERT INTO queues (id, tenant_id, name, business_hours)
            VALUES ('\(globexQueue)', '\(globex)', 'Suporte', '[{"day": 1, "open": "09:00", "close": "10:00"}]')
            """
        )
        func conversation(
            _ id: String,
            _ tenant: String,
            contact: String,
            queue: String?,
            assignee: String?,
            opened: String
        ) {
            let queue = queue.map { "'\($0)'" } ?? "NULL"
            let assignee = assignee.map { "'\($0)'" } ?? "NULL"
            sql.append(
                """
                INSERT INTO conversations (id, tenant_id, source, contact_id, subject_id, opened_at, created_at,
                    routed_at, queue_id, assignee_id)
                VALUES ('\(id)', '\(tenant)', 'integration', '\(contact)', '\(contact)', '\(opened)', '\(opened)',
                    '\(opened)', \(queue), \(assignee))
                """
            )
        }
        var messages = 0
        func message(
            _ conversation: String,
            _ tenant: String,
            _ direction: String,
            at: String,
            origin: String? = nil,
            by: String? = nil
        ) {
            messages += 1
            let id = String(format: "00000000-0000-4000-8000-%012d", messages)
            let status = direction == "inbound" ? "received" : "sent"
            sql.append(
                """
                INSERT INTO messages (id, tenant_id, conversation_id, direction, kind, content_sealed, status,
                    occurred_at, origin, sent_by)
                VALUES ('\(id)', '\(tenant)', '\(conversation)', '\(direction)', 'text', '\\x00', '\(status)', '\(at)',
                    \(origin.map { "'\($0)'" } ?? "NULL"), \(by.map { "'\($0)'" } ?? "NULL"))
                """
            )
        }
        func close(_ conversation: String, at: String) {
            sql.append("UPDATE conversations SET status = 'closed', closed_at = '\(at)' WHERE id = '\(conversation)'")
        }
        let v = (1...5).map { "00000000-0000-4000-8000-00000000d00\($0)" }
        conversation(v[0], acme, contact: c[0], queue: queue, assignee: a, opened: "2025-03-07 16:30-03")
        message(v[0], acme, "inbound", at: "2025-03-07 17:00-03")
        message(v[0], acme, "outbound", at: "2025-03-10 10:00-03", origin: "agent", by: a)
        close(v[0], at: "2025-03-10 11:00-03")

        conversation(v[1], acme, contact: c[1], queue: queue, assignee: b, opened: "2025-03-03 09:00-03")
        message(v[1], acme, "inbound", at: "2025-03-03 10:00-03")
        message(v[1], acme, "outbound", at: "2025-03-03 10:30-03", origin: "agent", by: b)
        message(v[1], acme, "inbound", at: "2025-03-03 17:30-03")
        message(v[1], acme, "outbound", at: "2025-03-05 09:30-03", origin: "agent", by: b)
        message(v[1], acme, "outbound", at: "2025-03-05 12:00-03", origin: "cadence")
        message(v[1], acme, "outbound", at: "2025-03-06 12:00-03", origin: "agent", by: b)
        sql.append(
            """
            UPDATE messages SET status = 'failed', error_reason = 'window_closed'
            WHERE id = '00000000-0000-4000-8000-\(String(format: "%012d", messages))'
            """
        )

        conversation(v[2], acme, contact: c[2], queue: nil, assignee: nil, opened: "2025-03-08 10:00-03")
        message(v[2], acme, "inbound", at: "2025-03-08 10:00-03")
        message(v[2], acme, "outbound", at: "2025-03-08 10:20-03", origin: "api")
        close(v[2], at: "2025-03-08 12:00-03")

        conversation(v[3], acme, contact: c[0], queue: queue, assignee: a, opened: "2025-02-20 09:00-03")
        message(v[3], acme, "inbound", at: "2025-02-20 09:10-03")
        message(v[3], acme, "outbound", at: "2025-02-20 09:20-03", origin: "agent", by: a)
        close(v[3], at: "2025-02-21 10:00-03")

        conversation(
            v[4],
            globex,
            contact: globexContact,
            queue: globexQueue,
            assignee: nil,
            opened: "2025-03-04 09:00-03"
        )
        message(v[4], globex, "inbound", at: "2025-03-04 09:05-03")
        message(v[4], globex, "outbound", at: "2025-03-04 09:50-03", origin: "agent")
        close(v[4], at: "2025-03-04 10:00-03")
        sql.append("SELECT sigilo_metric_deltas_compact()::text")
        return sql
    }

    /// Writes the data set as the owner.
    static func write(_ fixture: IdentityFixture) async throws {
        let owner = fixture.database.pool(owner: true, maximumConnections: 1)
        try await owner.whileRunning {
            for statement in statements(
                acme: fixture.acme,
                globex: fixture.globex,
                agentA: fixture.users["agent"]!,
                agentB: fixture.users["admin"]!
            ) {
                _ = try await owner.strings(unsafeSQL: statement)
            }
        }
    }
}
