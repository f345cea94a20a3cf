import Foundation
import HTTPTypes
import SigiloFakes
import SigiloStore
import SigiloWhatsApp
import Testing

/// The relationship cadence: sent exactly when due, never to an opted-out, unresponsive or
/// invalid contact, and never twice however many schedulers run.
@Suite("Relationship cadence")
struct CadenceTests {
    /// A contact who opted in, with a cadence every 7 days first due at `due`.
    private static func contactWithCadence(
        _ fixture: WhatsAppFixture,
        template: String,
        phone: String,
        optIn: String = "opted_in",
        due: Date
    ) async throws -> String {
        let contact = try await fixture.client.createContact(
            ["name": "Maria Souza", "phones": [["number": phone]], "opt_in": optIn],
            token: fixture.agent
        )
        let set = try await fixture.client.json(
            .put,
            "/contacts/\(contact)/cadence",
            body: [
                "every": 7, "unit": "days", "template_id": template,
                "parameters": ["body": [["type": "text", "text": "Maria"]]],
                "next_due_at": ISO8601DateFormatter().string(from: due),
            ],
            token: fixture.agent
        )
        #expect(set.status == .ok)
        return contact
    }

    @Test("a cadence sends exactly when due, counts unanswered messages, and flags the contact unresponsive")
    func dueAndUnresponsive() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let template = try await fixture.approvedTemplate()
            let due = Date().addingTimeInterval(3600).rounded()
            let contact = try await Self.contactWithCadence(
                fixture,
                template: template,
                phone: "+55 11 98765-4321",
                due: due
            )
            let week: TimeInterval = 7 * 86_400
            try await fixture.withScheduler { scheduler async throws in
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(-60)).cadences.isEmpty)
                let first = try await scheduler.runDue(now: due).cadences
                #expect(first.count == 1)
                guard case .sent = first.first else {
                    Issue.record("expected a send, got \(first)")
                    return
                }
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(60)).cadences.isEmpty)
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(week - 60)).cadences.isEmpty)
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(week)).cadences.count == 1)
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(2 * week)).cadences.count == 1)
                // Three sends unanswered (the default): the fourth turn flags instead of sending.
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(3 * week)).cadences == [.unresponsive])
                #expect(try await scheduler.runDue(now: due.addingTimeInterval(4 * week)).cadences.isEmpty)
            }
            try await fixture.eventually { fixture.fake.sent().count == 3 }
            #expect(fixture.fake.sent().count == 3)
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'cadence'") == 3)
            let body = String(decoding: try #require(fixture.fake.sent().first).body, as: UTF8.self)
            #expect(body.contains("lembrete_relacionamento") && body.contains("Maria"))
            let read = try await fixture.client.json(.get, "/contacts/\(contact)/cadence", token: fixture.agent)
            #expect(read["state"] == "unresponsive")
            #expect(read.object["attempts"] as? Int == 3)
            let listed = try await fixture.client.json(.get, "/cadences?state=unresponsive", token: fixture.agent)
            let ids = (listed.object["cadences"] as? [[String: Any]])?.compactMap { $0["contact_id"] as? String }
            #expect(ids == [contact])
            #expect(
                try await fixture.count("SELECT count(*) FROM audit_events WHERE action = 'cadence.unresponsive'") == 1
            )
            // Resumed by a person, it sends again.
            let resumed = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/cadence/resume",
                token: fixture.agent
            )
            #expect(resumed["state"] == "active")
            let outcome = try await fixture.withScheduler { try await $0.runDue(now: Date().addingTimeInterval(1)) }
            #expect(outcome.cadences.count == 1)
        }
    }

    @Test("a customer who answers starts the count again")
    func answerResetsAttempts() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let template = try await fixture.approvedTemplate()
            let due = Date().addingTimeInterval(-3 * 7 * 86_400).rounded()
            let contact = try await Self.contactWithCadence(
                fixture,
                template: template,
                phone: "+55 11 98765-4321",
                due: due
            )
            try await fixture.withScheduler { scheduler async throws in
                for week in 0..<2 {
                    #expect(
                        try await scheduler.runDue(now: due.addingTimeInterval(Double(week) * 7 * 86_400)).cadences
                            .count == 1
                    )
                }
            }
            try await fixture.customerWrites("Oi, recebi!", from: "5511987654321")
            try await fixture.withScheduler { scheduler async throws in
                let third = try await scheduler.runDue(now: due.addingTimeInterval(14 * 86_400)).cadences
                #expect(third.count == 1)
            }
            let read = try await fixture.client.json(.get, "/contacts/\(contact)/cadence", token: fixture.agent)
            #expect(read.object["attempts"] as? Int == 1)
            #expect(read["state"] == "active")
        }
    }

    @Test("never to a contact who opted out, revoked consent, or whose number is invalid")
    func neverToTheUnwilling() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let template = try await fixture.approvedTemplate()
            let due = Date().addingTimeInterval(-60).rounded()
            let optedOut = try await Self.contactWithCadence(
                fixture,
                template: template,
                phone: "+55 11 98765-1111",
                optIn: "opted_out",
                due: due
            )
            let revoked = try await Self.contactWithCadence(
                fixture,
                template: template,
                phone: "+55 11 98765-2222",
                due: due
            )
            let consent = try await fixture.client.json(
                .post,
                "/contacts/\(revoked)/consents",
                body: ["purpose": "whatsapp_service", "status": "revoked", "channel": "phone"],
                token: fixture.agent
            )
            #expect(consent.status == .created)
            let invalid = try await Self.contactWithCadence(
                fixture,
                template: template,
                phone: "+55 11 98765-3333",
                due: due
            )
            _ = try await fixture.query(
                "UPDATE contacts SET whatsapp_status = 'invalid_number' WHERE id = '\(invalid)' RETURNING id"
            )
            let outcomes = try await fixture.withScheduler { try await $0.runDue(now: Date()).cadences }
            #expect(outcomes.count == 3)
            #expect(outcomes.allSatisfy { if case .skipped = $0 { true } else { false } })
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'cadence'") == 0)
            #expect(fixture.fake.sent().isEmpty)
            let reasons = try await fixture.query(
                """
                SELECT contact_id::text || ':' || skipped_reason FROM contact_cadences ORDER BY contact_id
                """
            )
            #expect(
                Set(reasons)
                    == ["\(optedOut):opted_out", "\(revoked):opted_out", "\(invalid):invalid_number"]
            )
            let listed = try await fixture.client.json(.get, "/cadences?state=invalid", token: fixture.agent)
            #expect((listed.object["cadences"] as? [[String: Any]])?.count == 1)
            // Skipped turns move on: nothing is due again until the next interval.
            #expect(try await fixture.withScheduler { try await $0.runDue(now: Date()).cadences }.isEmpty)
        }
    }

    @Test("two schedulers at once never send the same cadence message twice")
    func twoSchedulers() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let template = try await fixture.approvedTemplate()
            let due = Date().addingTimeInterval(-60).rounded()
            var contacts: [String] = []
            for index in 10..<30 {
                contacts.append(
                    try await Self.contactWithCadence(
                        fixture,
                        template: template,
                        phone: "+55 11 98765-00\(index)",
                        due: due
                    )
                )
            }
            let now = Date()
            async let first = fixture.withScheduler { try await $0.runDue(now: now).cadences }
            async let second = fixture.withScheduler { try await $0.runDue(now: now).cadences }
            let outcomes = try await first + second
            let sent = outcomes.filter { if case .sent = $0 { true } else { false } }
            #expect(sent.count == 20)
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM (SELECT DISTINCT conversation_id FROM messages WHERE origin = 'cadence') c"
                ) == 20
            )
            #expect(try await fixture.count("SELECT count(*) FROM messages WHERE origin = 'cadence'") == 20)
            try await fixture.eventually { fixture.fake.sent().count == 20 }
            #expect(Set(fixture.fake.sent().map(\.waID)).count == 20)
        }
    }

    @Test("a scheduled message goes at its time, once; a cancelled one never")
    func scheduledMessages() async throws {
        try await WhatsAppFixture.relationship { fixture in
            let template = try await fixture.approvedTemplate()
            let contact = try await fixture.client.createContact(
                ["name": "Maria", "phones": [["number": "+55 11 98765-4321"]], "opt_in": "opted_in"],
                token: fixture.agent
            )
            let sendAt = Date().addingTimeInterval(3600).rounded()
            func schedule() async throws -> JSONReply {
                try await fixture.client.json(
                    .post,
                    "/contacts/\(contact)/scheduled-messages",
                    body: [
                        "template_id": template, "send_at": ISO8601DateFormatter().string(from: sendAt),
                        "parameters": ["body": [["type": "text", "text": "Maria"]]],
                    ],
                    token: fixture.agent
                )
            }
            let kept = try await schedule()
            #expect(kept.status == .created)
            let cancelled = try await schedule()
            let cancel = try await fixture.client.json(
                .delete,
                "/scheduled-messages/\(try #require(cancelled["id"]))",
                token: fixture.agent
            )
            #expect(cancel.status == .noContent)
            let wrong = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/scheduled-messages",
                body: ["template_id": template, "send_at": ISO8601DateFormatter().string(from: sendAt)],
                token: fixture.agent
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.errorCode == "invalid_field")
            try await fixture.withScheduler { scheduler async throws in
                #expect(try await scheduler.runDue(now: sendAt.addingTimeInterval(-1)).scheduled.isEmpty)
                #expect(try await scheduler.runDue(now: sendAt).scheduled.count == 1)
                #expect(try await scheduler.runDue(now: sendAt.addingTimeInterval(60)).scheduled.isEmpty)
            }
            let list = try await fixture.client.json(
                .get,
                "/scheduled-messages?contact_id=\(contact)",
                token: fixture.agent
            )
            let states = (list.object["scheduled_messages"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
            #expect(states?.sorted() == ["cancelled", "sent"])
            try await fixture.eventually { fixture.fake.sent().count == 1 }
        }
    }
}

extension Date {
    /// Whole seconds, as timestamps travel through JSON.
    func rounded() -> Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }
}
