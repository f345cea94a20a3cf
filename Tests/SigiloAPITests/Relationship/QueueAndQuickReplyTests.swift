import Foundation
import HTTPTypes
import SigiloFakes
import Testing

/// Queues and quick replies through the API: what they accept, what they refuse, who may.
@Suite("Queues and quick replies")
struct QueueAndQuickReplyTests {
    @Test("a queue keeps its schedule, holidays and members; bad schedules and duplicates are refused")
    func queues() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let agent = try fixture.user("agent")
            let id = try await fixture.createQueue([
                "name": "Suporte", "time_zone": "America/Manaus", "menu_key": "2",
                "business_hours": [
                    ["day": 1, "open": "08:30", "close": "12:00"], ["day": 1, "open": "13:00", "close": "24:00"],
                ],
                "holidays": ["2026-12-25"], "member_ids": [agent],
            ])
            let read = try await fixture.client.json(.get, "/queues/\(id)", token: fixture.agent)
            #expect(read["time_zone"] == "America/Manaus")
            #expect((read.object["business_hours"] as? [[String: Any]])?.last?["close"] as? String == "24:00")
            #expect(read.object["holidays"] as? [String] == ["2026-12-25"])
            #expect(read.object["member_ids"] as? [String] == [agent])
            let bad: [[String: Any]] = [
                ["name": ""],
                ["name": "X", "time_zone": "Mars/Olympus"],
                ["name": "X", "business_hours": [["day": 7, "open": "08:00", "close": "09:00"]]],
                ["name": "X", "business_hours": [["day": 1, "open": "18:00", "close": "09:00"]]],
                ["name": "X", "business_hours": [["day": 1, "open": "8h", "close": "09:00"]]],
                ["name": "X", "holidays": ["2026-02-30"]],
                ["name": "X", "reminder": ["after_minutes": 0, "text": "oi"]],
                ["name": "X", "member_ids": [try fixture.user("globexAdmin")]],
                ["name": "X", "menu_key": "uma opção"],
                ["name": "X", "menu_key": "1\n"],
                ["name": "X", "holidays": ["0000-01-01"]],
                ["name": "suporte"],
            ]
            for body in bad {
                let reply = try await fixture.client.json(.post, "/queues", body: body, token: fixture.admin)
                #expect(reply.status.code >= 400 && reply.status.code < 500, "\(body)")
                #expect(reply.errorCode != nil)
            }
            #expect(try await fixture.count("SELECT count(*) FROM queues") == 1)
            // Agents may read queues but not change them.
            let refused = try await fixture.client.json(.post, "/queues", body: ["name": "Y"], token: fixture.agent)
            #expect(refused.status == .forbidden)
            let cleared = try await fixture.client.json(
                .patch,
                "/queues/\(id)",
                body: ["menu_key": NSNull(), "member_ids": []],
                token: fixture.admin
            )
            #expect(cleared.status == .ok)
            #expect(cleared.object["menu_key"] is NSNull)
            #expect(cleared.object["member_ids"] as? [String] == [])
            let deleted = try await fixture.client.json(.delete, "/queues/\(id)", token: fixture.admin)
            #expect(deleted.status == .noContent)
            #expect(try await fixture.client.json(.get, "/queues/\(id)", token: fixture.agent).status == .notFound)
        }
    }

    @Test("quick replies: shortcuts unique, variables checked, rendered for one contact (audited)")
    func quickReplies() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let created = try await fixture.client.json(
                .post,
                "/quick-replies",
                body: [
                    "shortcut": "/ola", "title": "Saudação",
                    "body": "Olá {{contact.first_name}}, aqui é da {{ business.name }}!",
                ],
                token: fixture.admin
            )
            #expect(created.status == .created)
            #expect(created["shortcut"] == "ola")
            #expect(created.object["variables"] as? [String] == ["contact.first_name", "business.name"])
            let id = try #require(created["id"])
            let duplicate = try await fixture.client.json(
                .post,
                "/quick-replies",
                body: ["shortcut": "ola", "title": "Outra", "body": "Oi"],
                token: fixture.admin
            )
            #expect(duplicate.status == .conflict)
            let newline = try await fixture.client.json(
                .post,
                "/quick-replies",
                body: ["shortcut": "abc\n", "title": "Outra", "body": "Oi"],
                token: fixture.admin
            )
            #expect(newline.status == .unprocessableContent)
            let unknown = try await fixture.client.json(
                .post,
                "/quick-replies",
                body: ["shortcut": "cpf", "title": "CPF", "body": "Seu CPF é {{contact.cpf}}"],
                token: fixture.admin
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(
                try await fixture.client.json(
                    .post,
                    "/quick-replies",
                    body: ["shortcut": "a", "title": "b", "body": "c"],
                    token: fixture.agent
                ).status == .forbidden
            )
            let contact = try await fixture.client.createContact(
                ["name": "Maria Quitéria de Jesus", "phones": [["number": "+55 11 98765-4321"]]],
                token: fixture.agent
            )
            let rendered = try await fixture.client.json(
                .post,
                "/quick-replies/\(id)/render",
                body: ["contact_id": contact],
                token: fixture.agent
            )
            #expect(rendered["text"] == "Olá Maria, aqui é da Acme!")
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action = 'quick_reply.render' AND subject_id = '\(contact)'"
                ) == 1
            )
            let listed = try await fixture.client.json(.get, "/quick-replies?prefix=ol", token: fixture.agent)
            #expect((listed.object["quick_replies"] as? [[String: Any]])?.count == 1)
            let none = try await fixture.client.json(.get, "/quick-replies?prefix=zz", token: fixture.agent)
            #expect((none.object["quick_replies"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
