import Foundation
import HTTPTypes
import SigiloFakes
import SigiloStore
import SigiloWhatsApp
import Testing

/// New conversations go to a queue and an agent by themselves: by number, by the first-message
/// menu or to the default queue; agents are picked in turn among those available and below
/// capacity; out of hours (holidays included) the customer gets the queue's reply.
@Suite("Ticket routing")
struct TicketRoutingTests {
    @Test("round robin takes only available agents below capacity, in turn")
    func roundRobin() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let agent = try fixture.user("agent")
            let admin = try fixture.user("admin")
            let compliance = try fixture.user("compliance")
            let queue = try await fixture.createQueue([
                "name": "Suporte", "is_default": true, "member_ids": [agent, admin, compliance],
            ])
            try await fixture.setAgent("agent", available: true, capacity: 1)
            try await fixture.setAgent("admin", available: true, capacity: 2)
            try await fixture.setAgent("compliance", available: false, capacity: 5)
            for index in 1...4 {
                try await fixture.customerWrites("Olá \(index)", from: "55119876543\(index)0", name: "Cliente \(index)")
            }
            let routed = try await fixture.withScheduler { try await $0.route() }
            #expect(routed == 4)
            // Capacity 1 + 2 among the available; the unavailable member gets nothing; the
            // fourth ticket waits in the queue with nobody.
            #expect(try await fixture.count("SELECT count(*) FROM conversations WHERE assignee_id = '\(agent)'") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM conversations WHERE assignee_id = '\(admin)'") == 2)
            #expect(
                try await fixture.count("SELECT count(*) FROM conversations WHERE assignee_id = '\(compliance)'") == 0
            )
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM conversations WHERE assignee_id IS NULL AND queue_id = '\(queue)'"
                ) == 1
            )
            // In turn: the first two tickets went to two different agents.
            let firstTwo = try await fixture.query(
                "SELECT assignee_id::text FROM conversations ORDER BY created_at LIMIT 2"
            )
            #expect(Set(firstTwo) == [agent, admin])
            #expect(try await fixture.count("SELECT count(*) FROM ticket_events WHERE kind = 'routing'") == 4)
            #expect(try await fixture.count("SELECT count(*) FROM audit_events WHERE action = 'ticket.route'") == 4)

            // The agent closes their ticket and goes unavailable: the next one goes to nobody
            // (the admin is full); once the admin frees a place, they take the next.
            let agentTicket = try #require(
                try await fixture.query("SELECT id FROM conversations WHERE assignee_id = '\(agent)'").first
            )
            let closed = try await fixture.client.json(
                .post,
                "/tickets/\(agentTicket)/status",
                body: ["status": "closed"],
                token: fixture.agent
            )
            #expect(closed.status == .ok)
            #expect(closed["status"] == "closed")
            let away = try await fixture.client.json(
                .put,
                "/agents/me",
                body: ["available": false],
                token: fixture.agent
            )
            #expect(away.status == .ok)
            try await fixture.customerWrites("Mais uma", from: "5511987654350", name: "Cliente 5")
            _ = try await fixture.withScheduler { try await $0.route() }
            let fifth = try await fixture.conversationID()
            #expect(
                try await fixture.query("SELECT (assignee_id IS NULL)::text FROM conversations WHERE id = '\(fifth)'")
                    == ["true"]
            )
            let adminTicket = try #require(
                try await fixture.query("SELECT id FROM conversations WHERE assignee_id = '\(admin)' LIMIT 1").first
            )
            _ = try await fixture.client.json(
                .post,
                "/tickets/\(adminTicket)/status",
                body: ["status": "closed"],
                token: fixture.admin
            )
            try await fixture.customerWrites("E outra", from: "5511987654360", name: "Cliente 6")
            _ = try await fixture.withScheduler { try await $0.route() }
            let sixth = try await fixture.conversationID()
            #expect(
                try await fixture.query("SELECT assignee_id::text FROM conversations WHERE id = '\(sixth)'") == [admin]
            )
            let agents = try await fixture.client.json(.get, "/agents", token: fixture.agent)
            #expect(agents.status == .ok)
        }
    }

    @Test("out of hours, the queue's reply goes at the right local times, holidays included")
    func outOfHours() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let reply = "Estamos fora do horário; respondemos a partir das 9h."
            _ = try await fixture.createQueue([
                "name": "Vendas", "is_default": true,
                "business_hours": (1...5).map { ["day": $0, "open": "09:00", "close": "18:00"] },
                "holidays": ["2026-11-20"], "out_of_hours_reply": reply,
            ])
            // (when, São Paulo time, is it out of hours?)
            let cases: [(String, Bool)] = [
                ("2026-11-16T08:59:00", true),  // Monday before opening
                ("2026-11-16T09:00:00", false),  // Monday at opening
                ("2026-11-16T17:59:00", false),  // Monday, last minute
                ("2026-11-16T18:00:00", true),  // Monday at closing
                ("2026-11-20T10:00:00", true),  // Friday, a holiday (Consciência Negra)
                ("2026-11-21T10:00:00", true),  // Saturday
                ("2026-11-19T10:00:00", false),  // Thursday
            ]
            for (index, (local, outOfHours)) in cases.enumerated() {
                try await fixture.customerWrites("Oi \(index)", from: "55119876540\(index)0", name: "Cliente")
                let conversation = try await fixture.conversationID()
                let now = WhatsAppFixture.saoPaulo(local)
                let routed = try await fixture.withScheduler { try await $0.route(now: now) }
                #expect(routed == 1)
                let replies = try await fixture.count(
                    "SELECT count(*) FROM messages WHERE conversation_id = '\(conversation)' AND origin = 'out_of_hours'"
                )
                #expect(replies == (outOfHours ? 1 : 0), "at \(local)")
            }
            try await fixture.eventually { fixture.fake.sent().count == 4 }
            let sent = fixture.fake.sent()
            #expect(sent.count == 4)
            #expect(sent.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains("fora do hor") })

            // A conversation the business starts (an approved template) gets no out-of-hours reply.
            let template = try await fixture.approvedTemplate()
            let contact = try await fixture.client.createContact(
                ["name": "Rita", "phones": [["number": "+55 21 98888-7777"]], "opt_in": "opted_in"],
                token: fixture.agent
            )
            let started = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/messages",
                body: [
                    "type": "template", "template_id": template,
                    "parameters": ["body": [["type": "text", "text": "Rita"]]],
                ],
                token: fixture.agent
            )
            #expect(started.status == .accepted)
            let routed = try await fixture.withScheduler {
                try await $0.route(now: WhatsAppFixture.saoPaulo("2026-11-21T10:00:00"))
            }
            #expect(routed == 1)
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'out_of_hours'") == 4)
        }
    }

    @Test("the first-message menu routes by the customer's answer; a number with a queue skips it")
    func menu() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let sales = try await fixture.createQueue(["name": "Vendas", "menu_key": "1"])
            let support = try await fixture.createQueue(["name": "Suporte", "menu_key": "2", "is_default": true])
            let settings = try await fixture.client.json(
                .put,
                "/relationship/settings",
                body: ["menu_prompt": "Olá! Escolha uma opção:"],
                token: fixture.admin
            )
            #expect(settings.status == .ok)
            try await fixture.customerWrites("Quero comprar")
            let conversation = try await fixture.conversationID()
            try await fixture.withScheduler { scheduler async throws in
                #expect(try await scheduler.route() == 0)
                let menu = try await fixture.query(
                    "SELECT count(*)::text FROM messages WHERE conversation_id = '\(conversation)' AND origin = 'menu'"
                )
                #expect(menu == ["1"])
                // No answer yet: still waiting; then "1." picks sales.
                #expect(try await scheduler.route() == 0)
                try await fixture.customerWrites(" 1. ")
                #expect(try await scheduler.route() == 1)
            }
            #expect(
                try await fixture.query("SELECT queue_id::text FROM conversations WHERE id = '\(conversation)'") == [
                    sales
                ]
            )
            try await fixture.eventually { fixture.fake.sent().count == 1 }
            let text = String(decoding: try #require(fixture.fake.sent().first).body, as: UTF8.self)
            #expect(text.contains("1 - Vendas") && text.contains("2 - Suporte"))

            // A number routed to a queue: no menu.
            let patched = try await fixture.client.json(
                .patch,
                "/queues/\(support)",
                body: ["channel_ids": [fixture.channelID]],
                token: fixture.admin
            )
            #expect(patched.status == .ok)
            let closed = try await fixture.client.json(
                .post,
                "/tickets/\(conversation)/status",
                body: ["status": "closed", "reason": "resolvido"],
                token: fixture.agent
            )
            #expect(closed.status == .ok)
            try await fixture.customerWrites("Outra coisa")
            let second = try await fixture.conversationID()
            #expect(second != conversation)
            #expect(try await fixture.withScheduler { try await $0.route() } == 1)
            #expect(
                try await fixture.query("SELECT queue_id::text FROM conversations WHERE id = '\(second)'") == [support]
            )
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'menu'") == 1)
        }
    }
}
