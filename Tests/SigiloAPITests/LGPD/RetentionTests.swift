import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SigiloCore
import SigiloStore
import SigiloTesting
import Testing

/// Retention (LGPD Arts. 15, 16): the job deletes or anonymises exactly what the policy says
/// at the boundary dates, keeps what a legal hold protects, and the dry run says the same
/// beforehand.
@Suite("Retention")
struct RetentionTests {
    static let policy = RetentionPolicy(rules: [
        .init(category: .messages, days: 30, action: .delete),
        .init(category: .interactions, days: 365, action: .anonymise),
        .init(category: .webhookBodies, days: 7, action: .delete),
        .init(category: .closedRequests, days: 10, action: .delete),
    ])

    @Test("each rule changes exactly the rows past its cutoff, legal holds keep theirs, the dry run agrees")
    func boundaries() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let now = Date()
            func ago(_ days: Double, minutes: Double = 0) -> String {
                now.addingTimeInterval(-days * 86400 - minutes * 60).formatted(.iso8601)
            }
            // Messages of two customers, one of them under a legal hold.
            for text in ["velha", "quase velha", "nova"] { try await fixture.customerWrites(text) }
            try await fixture.customerWrites("velha e retida", from: "5571991234567", name: "Joana")
            let maria = try await fixture.query("SELECT contact_id FROM conversations ORDER BY created_at LIMIT 1")[0]
            let joana = try await fixture.query(
                "SELECT contact_id FROM conversations ORDER BY created_at DESC LIMIT 1"
            )[0]
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(joana)/legal-holds",
                body: ["reason": "lawsuit"],
                token: officer
            )
            _ = try await fixture.query(
                """
                UPDATE messages SET occurred_at = CASE
                    WHEN wamid IN (SELECT wamid FROM messages ORDER BY created_at LIMIT 1) THEN '\(ago(30, minutes: 1))'
                    WHEN wamid IN (SELECT wamid FROM messages ORDER BY created_at OFFSET 1 LIMIT 1) THEN '\(ago(30, minutes: -1))'
                    WHEN wamid IN (SELECT wamid FROM messages ORDER BY created_at OFFSET 3 LIMIT 1) THEN '\(ago(400))'
                    ELSE occurred_at END RETURNING id
                """
            )
            // Interactions with free text on each side of a year.
            for (product, when) in [("Vestido", ago(365, minutes: 60)), ("Saia", ago(365, minutes: -60))] {
                let created = try await fixture.client.json(
                    .post,
                    "/contacts/\(maria)/interactions",
                    body: ["kind": "purchase", "product": product, "text": "entregar à tarde", "occurred_at": when],
                    token: fixture.agent
                )
                #expect(created.status == .created)
            }
            // Webhook bodies processed 8 and 6 days ago; requests closed 11 and 9 days ago.
            _ = try await fixture.query(
                """
                UPDATE webhook_events SET processed_at = CASE
                    WHEN id IN (SELECT id FROM webhook_events ORDER BY received_at LIMIT 1) THEN '\(ago(8))'::timestamptz
                    ELSE '\(ago(6))'::timestamptz END RETURNING id
                """
            )
            for _ in 0..<2 {
                let request = try await fixture.client.json(
                    .post,
                    "/dsr",
                    body: ["contact_id": maria, "kind": "confirmation"],
                    token: officer
                )
                _ = try await fixture.client.json(.post, "/dsr/\(request["id"] ?? "")/complete", token: officer)
            }
            _ = try await fixture.query(
                """
                UPDATE dsr_requests SET closed_at = CASE
                    WHEN id IN (SELECT id FROM dsr_requests ORDER BY received_at LIMIT 1) THEN '\(ago(11))'::timestamptz
                    ELSE '\(ago(9))'::timestamptz END RETURNING id
                """
            )

            let pool = fixture.identity.database.pool()
            let changed = try await pool.whileRunning {
                let repository = RetentionRepository(database: pool)
                var due: [RetentionPolicy.Category: Int] = [:]
                for rule in Self.policy.rules {
                    due[rule.category] = try await repository.due(rule, tenant: fixture.identity.acme, at: now)
                }
                #expect(due == [.messages: 1, .interactions: 1, .webhookBodies: 1, .closedRequests: 1])
                let job = RetentionJob(
                    repository: repository,
                    policy: Self.policy,
                    interval: .seconds(3600),
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                let first = await job.runOnce(at: now)
                let again = await job.runOnce(at: now)
                #expect(again.values.allSatisfy { $0 == 0 }, "a second pass finds nothing more")
                return first
            }
            #expect(changed == [.messages: 1, .interactions: 1, .webhookBodies: 1, .closedRequests: 1])
            #expect(try await fixture.count("SELECT count(*) FROM messages") == 3)
            #expect(
                try await fixture.count("SELECT count(*) FROM messages WHERE occurred_at < now() - interval '30 days'")
                    == 1
            )
            #expect(try await fixture.count("SELECT count(*) FROM interactions") == 2)
            #expect(try await fixture.count("SELECT count(*) FROM interactions WHERE text_sealed IS NULL") == 1)
            #expect(
                try await fixture.query("SELECT product FROM interactions WHERE text_sealed IS NULL") == ["Vestido"]
            )
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM dsr_requests") == 1)
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE actor_id = 'retention' AND action IN ('retention.delete', 'retention.anonymise')"
                ) == 4
            )
            // An interaction whose text is gone still reads (without text).
            let listed = try await fixture.client.json(.get, "/contacts/\(maria)/interactions", token: fixture.agent)
            #expect(listed.status == .ok)
        }
    }

    @Test("the dry-run report lists each rule with its cutoff and what is due; only dsr:manage reads it")
    func dryRunReport() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let report = try await fixture.client.json(.get, "/compliance/retention", token: officer)
            #expect(report.status == .ok)
            #expect(report.object["dry_run"] as? Bool == true)
            let rules = report.object["rules"] as? [[String: Any]] ?? []
            #expect(
                Set(rules.compactMap { $0["category"] as? String })
                    == Set(RetentionPolicy.Category.allCases.map(\.rawValue))
            )
            #expect(rules.allSatisfy { $0["due"] as? Int == 0 })
            #expect(
                try await fixture.client.json(.get, "/compliance/retention", token: fixture.agent).status == .forbidden
            )
        }
    }

    @Test("a retention.json with an unknown category, a wrong action or a bad period is refused")
    func policyFile() throws {
        let good = #"{"version":1,"categories":{"messages":{"days":30,"action":"delete"}}}"#
        #expect(
            try RetentionPolicy(json: Data(good.utf8)).rules == [.init(category: .messages, days: 30, action: .delete)]
        )
        for bad in [
            #"{"version":2,"categories":{}}"#,
            #"{"version":1,"categories":{"emails":{"days":30,"action":"delete"}}}"#,
            #"{"version":1,"categories":{"messages":{"days":30,"action":"anonymise"}}}"#,
            #"{"version":1,"categories":{"messages":{"days":0,"action":"delete"}}}"#,
            "not json",
        ] {
            #expect(throws: RetentionPolicy.Invalid.self) { try RetentionPolicy(json: Data(bad.utf8)) }
        }
        let shipped = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.root + "/policies/retention.json"))
        #expect(try RetentionPolicy(json: shipped).rules.count == RetentionPolicy.Category.allCases.count)
    }
}
