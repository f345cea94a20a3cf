import Foundation
import HTTPTypes
import SigiloFakes
import SigiloStore
import SigiloWhatsApp
import Testing

/// Working tickets through the API: status changes, assignment and transfer with their
/// history (reasons sealed) and audit events; pending tickets reminded and closed, snoozed
/// ones woken; bad input refused without a change.
@Suite("Tickets")
struct TicketTests {
    @Test("status, assignment and transfer are kept in the history, with who, when and why, and audited")
    func history() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let sales = try await fixture.createQueue(["name": "Vendas", "member_ids": [try fixture.user("admin")]])
            try await fixture.setAgent("admin", available: true, capacity: 5)
            try await fixture.customerWrites("Quero um orçamento")
            let ticket = try await fixture.conversationID()
            let agent = try fixture.user("agent")
            let assigned = try await fixture.client.json(
                .post,
                "/tickets/\(ticket)/assign",
                body: ["assignee_id": agent, "reason": "Cliente antigo da Ana"],
                token: fixture.agent
            )
            #expect(assigned.status == .ok)
            #expect(assigned["assignee_id"] == agent)
            let pending = try await fixture.client.json(
                .post,
                "/tickets/\(ticket)/status",
                body: ["status": "pending"],
                token: fixture.agent
            )
            #expect(pending["status"] == "pending")
            // Transfer to a queue: its round robin picks the free member.
            let moved = try await fixture.client.json(
                .post,
                "/tickets/\(ticket)/transfer",
                body: ["queue_id": sales, "reason": "Pedido de compra"],
                token: fixture.agent
            )
            #expect(moved.status == .ok)
            #expect(moved["queue_id"] == sales)
            #expect(moved["assignee_id"] == (try fixture.user("admin")))
            let read = try await fixture.client.json(.get, "/tickets/\(ticket)", token: fixture.agent)
            let history = try #require(read.object["history"] as? [[String: Any]])
            #expect(history.map { $0["kind"] as? String } == ["assignment", "status", "transfer"])
            #expect(history.first?["reason"] as? String == "Cliente antigo da Ana")
            #expect(history.first?["actor_id"] as? String == agent)
            #expect(history[1]["from_status"] as? String == "open")
            #expect(history[1]["to_status"] as? String == "pending")
            #expect(history[2]["to_queue_id"] as? String == sales)
            // The reason is sealed: the database never holds it in clear.
            let stored = try await fixture.query(
                "SELECT encode(reason_sealed, 'escape') FROM ticket_events WHERE reason_sealed IS NOT NULL"
            )
            #expect(stored.count == 2 && stored.allSatisfy { !$0.contains("Ana") && !$0.contains("compra") })
            for action in ["ticket.assign", "ticket.status", "ticket.transfer", "ticket.read"] {
                #expect(
                    try await fixture.count("SELECT count(*) FROM audit_events WHERE action = '\(action)'") == 1,
                    "\(action)"
                )
            }
            let list = try await fixture.client.json(
                .get,
                "/tickets?status=pending&queue_id=\(sales)",
                token: fixture.agent
            )
            #expect((list.object["tickets"] as? [[String: Any]])?.count == 1)
            let none = try await fixture.client.json(.get, "/tickets?status=open", token: fixture.agent)
            #expect((none.object["tickets"] as? [[String: Any]])?.isEmpty == true)
            // The subject's export holds the ticket's history with its reasons.
            let contact = try await fixture.contactID()
            let officer = try await fixture.client.accessToken("compliance")
            let request = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            let exported = try await fixture.client.json(
                .get,
                "/dsr/\(try #require(request["id"]))/export",
                token: officer
            )
            let relationship = try #require(exported.object["relationship"] as? [String: Any])
            let exportedTickets = try #require(relationship["tickets"] as? [[String: Any]])
            let exportedHistory = try #require(exportedTickets.first?["history"] as? [[String: Any]])
            #expect(exportedHistory.first?["reason"] as? String == "Cliente antigo da Ana")
        }
    }

    @Test("bad input is a 4xx that changes nothing")
    func refusals() async throws {
        try await WhatsAppFixture.relationship { fixture in
            try await fixture.customerWrites("Oi")
            let ticket = try await fixture.conversationID()
            let cases: [(String, [String: Any], HTTPResponse.Status)] = [
                ("status", ["status": "done"], .unprocessableContent),
                ("status", ["status": "snoozed"], .unprocessableContent),
                ("status", ["status": "snoozed", "until": "2020-01-01T00:00:00Z"], .unprocessableContent),
                ("status", ["status": "open", "until": "2099-01-01T00:00:00Z"], .unprocessableContent),
                ("status", ["status": "open", "extra": 1], .unprocessableContent),
                ("assign", ["assignee_id": UUID().uuidString], .unprocessableContent),
                ("assign", [:], .unprocessableContent),
                ("transfer", ["queue_id": UUID().uuidString], .unprocessableContent),
                ("transfer", ["reason": "x"], .unprocessableContent),
            ]
            for (action, body, status) in cases {
                let reply = try await fixture.client.json(
                    .post,
                    "/tickets/\(ticket)/\(action)",
                    body: body,
                    token: fixture.agent
                )
                #expect(reply.status == status, "\(action) \(body)")
                #expect(reply.errorCode != nil)
            }
            let missing = try await fixture.client.json(
                .post,
                "/tickets/\(UUID().uuidString)/status",
                body: ["status": "closed"],
                token: fixture.agent
            )
            #expect(missing.status == .notFound)
            // Another tenant's user cannot be assigned.
            let foreign = try await fixture.client.json(
                .post,
                "/tickets/\(ticket)/assign",
                body: ["assignee_id": try fixture.user("globexAdmin")],
                token: fixture.agent
            )
            #expect(foreign.status == .unprocessableContent)
            #expect(try await fixture.count("SELECT count(*) FROM ticket_events") == 0)
            #expect(try await fixture.query("SELECT ticket_status FROM conversations") == ["open"])
            // The compliance officer does not work tickets.
            let compliance = try await fixture.client.accessToken("compliance")
            #expect(try await fixture.client.json(.get, "/tickets", token: compliance).status == .forbidden)
        }
    }

    @Test("a pending ticket is reminded after X and closed after Y; a snoozed one wakes; a reply reopens")
    func followUps() async throws {
        try await WhatsAppFixture.relationship { fixture in
            _ = try await fixture.createQueue([
                "name": "Suporte", "is_default": true,
                "reminder": ["after_minutes": 60, "text": "Ainda precisa de ajuda?"],
                "auto_close_after_minutes": 180,
            ])
            try await fixture.customerWrites("Meu pedido atrasou", from: "5511987654321")
            try await fixture.customerWrites("Outra dúvida", from: "5511987654322", name: "João")
            _ = try await fixture.withScheduler { try await $0.route() }
            let tickets = try await fixture.query("SELECT id FROM conversations ORDER BY created_at")
            let (first, second) = (tickets[0], tickets[1])
            for ticket in [first, second] {
                let reply = try await fixture.client.json(
                    .post,
                    "/tickets/\(ticket)/status",
                    body: ["status": "pending"],
                    token: fixture.agent
                )
                #expect(reply.status == .ok)
            }
            let since = try #require(
                try await fixture.query("SELECT extract(epoch FROM pending_since)::text FROM conversations LIMIT 1")
                    .first
                    .flatMap(Double.init)
            )
            let start = Date(timeIntervalSince1970: since)
            try await fixture.withScheduler { scheduler async throws in
                #expect(try await scheduler.runDue(now: start.addingTimeInterval(59 * 60)).followUps.reminded == 0)
                #expect(try await scheduler.runDue(now: start.addingTimeInterval(61 * 60)).followUps.reminded == 2)
                #expect(try await scheduler.runDue(now: start.addingTimeInterval(62 * 60)).followUps.reminded == 0)
            }
            // The second customer answers: their ticket is open again and never auto-closed.
            try await fixture.customerWrites("Ainda preciso sim", from: "5511987654322", name: "João")
            #expect(
                try await fixture.query("SELECT ticket_status FROM conversations WHERE id = '\(second)'") == ["open"]
            )
            let closed = try await fixture.withScheduler {
                try await $0.runDue(now: start.addingTimeInterval(181 * 60))
            }
            #expect(closed.followUps.closed == 1)
            #expect(try await fixture.query("SELECT status FROM conversations WHERE id = '\(first)'") == ["closed"])
            #expect(try await fixture.query("SELECT status FROM conversations WHERE id = '\(second)'") == ["open"])
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'reminder'") == 2)
            #expect(try await fixture.count("SELECT count(*) FROM ticket_events WHERE kind = 'auto_close'") == 1)

            // Snoozed until a time: woken then, not before.
            let until = Date().addingTimeInterval(7200).rounded()
            let snoozed = try await fixture.client.json(
                .post,
                "/tickets/\(second)/status",
                body: ["status": "snoozed", "until": ISO8601DateFormatter().string(from: until)],
                token: fixture.agent
            )
            #expect(snoozed["status"] == "snoozed")
            try await fixture.withScheduler { scheduler async throws in
                #expect(try await scheduler.runDue(now: until.addingTimeInterval(-1)).followUps.woken == 0)
                #expect(try await scheduler.runDue(now: until).followUps.woken == 1)
            }
            #expect(
                try await fixture.query("SELECT ticket_status FROM conversations WHERE id = '\(second)'") == ["open"]
            )
        }
    }
}
