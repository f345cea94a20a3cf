import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Data-subject requests (LGPD Arts. 18, 19): recorded with their 15-day deadline, listed for
/// the compliance officer with what is overdue, moved only forward.
@Suite("Data-subject requests")
struct DSRTests {
    static func create(
        _ fixture: WhatsAppFixture,
        contact: String,
        kind: String,
        receivedDaysAgo: Double? = nil,
        token: String
    ) async throws -> JSONReply {
        var body: [String: Any] = ["contact_id": contact, "kind": kind, "channel": "email"]
        if let receivedDaysAgo {
            body["received_at"] = Date().addingTimeInterval(-receivedDaysAgo * 86400).formatted(.iso8601)
        }
        return try await fixture.client.json(.post, "/dsr", body: body, token: token)
    }

    @Test("a request gets its deadline 15 days after receipt; the overdue list is right across the deadline")
    func deadlines() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let fresh = try await Self.create(fixture, contact: contact, kind: "access", token: officer)
            #expect(fresh.status == .created)
            #expect(fresh["status"] == "open" && fresh["subject_id"] == contact && fresh["contact_id"] == contact)
            let received = try #require(fresh["received_at"].flatMap { try? Date($0, strategy: .iso8601) })
            let due = try #require(fresh["due_at"].flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(due.timeIntervalSince(received) - 15 * 86400) < 1)
            let beforeDeadline = try await Self.create(
                fixture,
                contact: contact,
                kind: "portability",
                receivedDaysAgo: 14.9,
                token: officer
            )
            let pastDeadline = try await Self.create(
                fixture,
                contact: contact,
                kind: "erasure",
                receivedDaysAgo: 15.1,
                token: officer
            )
            let answeredLate = try await Self.create(
                fixture,
                contact: contact,
                kind: "confirmation",
                receivedDaysAgo: 20,
                token: officer
            )
            #expect(pastDeadline["overdue"] == nil && pastDeadline.object["overdue"] as? Bool == true)
            #expect(beforeDeadline.object["overdue"] as? Bool == false)
            let completed = try await fixture.client.json(
                .post,
                "/dsr/\(try #require(answeredLate["id"]))/complete",
                body: ["outcome": "confirmed"],
                token: officer
            )
            #expect(completed["status"] == "completed" && completed["outcome"] == "confirmed")
            let overdue = try await fixture.client.json(.get, "/dsr?overdue=true", token: officer)
            let ids = (overdue.object["requests"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [pastDeadline["id"]])
            let all = try await fixture.client.json(.get, "/dsr", token: officer)
            let ordered = (all.object["requests"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(ordered == ["confirmation", "erasure", "portability", "access"])
            let open = try await fixture.client.json(.get, "/dsr?status=open", token: officer)
            #expect((open.object["requests"] as? [Any])?.count == 3)
        }
    }

    @Test("a simplified reply (Art. 19 I) is due at once, for a confirmation or access only")
    func simplifiedReply() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let simplified = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "confirmation", "reply": "simplified"],
                token: officer
            )
            #expect(simplified.status == .created && simplified["reply"] == "simplified")
            #expect(simplified["due_at"] == simplified["received_at"])
            let overdue = try await fixture.client.json(.get, "/dsr?overdue=true", token: officer)
            #expect((overdue.object["requests"] as? [[String: Any]])?.first?["id"] as? String == simplified["id"])
            let complete = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            #expect(complete["reply"] == "complete")
            let refused = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "erasure", "reply": "simplified"],
                token: officer
            )
            #expect(refused.status == .unprocessableContent && refused.errorMessage.contains("reply"))
        }
    }

    @Test("approve, reject and complete move a request once; a closed one is 409; details are sealed")
    func transitions() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let created = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "erasure", "details": "Pediu por carta registrada AR-123"],
                token: officer
            )
            let id = try #require(created["id"])
            #expect(created["details"] == "Pediu por carta registrada AR-123")
            #expect(try await fixture.count("SELECT count(*) FROM dsr_requests WHERE details_sealed IS NOT NULL") == 1)
            let read = try await fixture.client.json(.get, "/dsr/\(id)", token: officer)
            #expect(read["details"] == "Pediu por carta registrada AR-123")
            let approved = try await fixture.client.json(.post, "/dsr/\(id)/approve", token: officer)
            #expect(approved["status"] == "approved" && approved["approved_at"] != nil)
            #expect(
                try await fixture.client.json(.post, "/dsr/\(id)/approve", token: officer).errorCode
                    == "request_approved"
            )
            let noReason = try await fixture.client.json(.post, "/dsr/\(id)/reject", token: officer)
            #expect(noReason.status == .unprocessableContent && noReason.errorMessage.contains("reason"))
            let rejected = try await fixture.client.json(
                .post,
                "/dsr/\(id)/reject",
                body: ["reason": "identity_not_confirmed"],
                token: officer
            )
            #expect(rejected["status"] == "rejected" && rejected["outcome"] == "identity_not_confirmed")
            let fake = try await fixture.client.json(
                .post,
                "/dsr/\(id)/complete",
                body: ["outcome": "erased"],
                token: officer
            )
            #expect(fake.status == .unprocessableContent && fake.errorMessage.contains("outcome"))
            let again = try await fixture.client.json(.post, "/dsr/\(id)/complete", token: officer)
            #expect(again.status == .conflict && again.errorCode == "request_closed")
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action LIKE 'dsr.%' AND subject_id = '\(contact)'"
                ) == 4
            )
        }
    }

    @Test("bad requests are 4xx and store nothing; only dsr:manage holders may handle requests")
    func badInputAndPermissions() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let cases: [([String: Any], String)] = [
                (["contact_id": contact, "kind": "everything"], "kind"),
                (["contact_id": "not-an-id", "kind": "access"], "contact_id"),
                (["contact_id": UUID().uuidString, "kind": "access"], "contact_id"),
                (["contact_id": contact, "kind": "access", "received_at": "2099-01-01T00:00:00Z"], "received_at"),
                (["contact_id": contact, "kind": "access", "received_at": "ontem"], "received_at"),
                (["contact_id": contact, "kind": "access", "channel": "E-mail"], "channel"),
                (["kind": "access"], "contact_id"),
            ]
            for (body, field) in cases {
                let reply = try await fixture.client.json(.post, "/dsr", body: body, token: officer)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.errorMessage.contains(field), "\(body): \(reply.errorMessage)")
            }
            #expect(try await fixture.count("SELECT count(*) FROM dsr_requests") == 0)
            #expect(
                try await fixture.client.json(.get, "/dsr?overdue=yes", token: officer).status == .unprocessableContent
            )
            #expect(
                try await fixture.client.json(.get, "/dsr?status=done", token: officer).status == .unprocessableContent
            )
            #expect(try await fixture.client.json(.get, "/dsr/\(UUID())", token: officer).status == .notFound)
            #expect(try await fixture.client.json(.get, "/dsr", token: fixture.agent).status == .forbidden)
            let agentCreate = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: fixture.agent
            )
            #expect(agentCreate.status == .forbidden)
            let globex = try await fixture.client.accessToken("globexAdmin", tenant: "globex")
            let created = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            let id = try #require(created["id"])
            #expect(try await fixture.client.json(.get, "/dsr/\(id)", token: globex).status == .notFound)
            #expect(try await fixture.client.json(.post, "/dsr/\(id)/approve", token: globex).status == .notFound)
        }
    }
}
