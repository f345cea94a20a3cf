import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloTesting
import Testing

/// `GET /metrics/overview` against hand-computed figures over ``MetricsSeed``'s data set,
/// window Monday 2025-03-03 … Monday 2025-03-10 (8 days, São Paulo).
@Suite("Metrics overview")
struct MetricsOverviewTests {
    static let window = "from=2025-03-03&to=2025-03-10"

    /// Runs `body` with the data set written and an admin's token.
    static func withSeed(
        _ body: @escaping @Sendable (IdentityFixture, any TestClientProtocol, String) async throws -> Void
    )
        async throws
    {
        try await IdentityFixture.with { fixture, app in
            try await MetricsSeed.write(fixture)
            try await app.test(.router) { client in
                try await body(fixture, client, try await client.accessToken("admin"))
            }
        }
    }

    static func duration(_ reply: JSONReply, _ key: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for (name, value) in (reply.object[key] as? [String: Any]) ?? [:] {
            if let number = value as? NSNumber { values[name] = number.doubleValue }
        }
        return values
    }

    static func int(_ reply: JSONReply, _ key: String) -> Int? {
        (reply.object[key] as? NSNumber)?.intValue
    }

    @Test("every figure matches the hand count, in wall-clock seconds")
    func wallClock() async throws {
        try await Self.withSeed { _, client, admin in
            let reply = try await client.json(.get, "/metrics/overview?\(Self.window)", token: admin)
            #expect(reply.status == .ok)
            #expect(reply["from"] == "2025-03-03")
            #expect(reply["to"] == "2025-03-10")
            #expect(Self.int(reply, "days") == 8)
            // C1 (February), C2, C3; not C4 (merged) nor C5 (created after the window).
            #expect(Self.int(reply, "total_contacts") == 3)
            // C2 (03-03) and C3 (03-07).
            #expect(Self.int(reply, "new_contacts") == 2)
            // C1 wrote 03-07, C2 03-03, C3 03-08.
            #expect(Self.int(reply, "active_contacts") == 3)
            #expect(Self.int(reply, "unresponsive_contacts") == 1)
            #expect(Self.int(reply, "invalid_numbers") == 1)
            // V1, V2, V3 opened; V1 (03-10) and V3 (03-08) closed; V4 is February's.
            #expect(Self.int(reply, "conversations_opened") == 3)
            #expect(Self.int(reply, "conversations_closed") == 2)
            // In: V1 1, V2 2, V3 1. Out: V1 1, V2 4 (two replies, the cadence, the failed one), V3 1.
            #expect(Self.int(reply, "messages_in") == 4)
            #expect(Self.int(reply, "messages_out") == 6)
            #expect(Self.int(reply, "delivery_failures") == 1)
            #expect((reply.object["delivery_failures_by_reason"] as? [String: Int]) == ["window_closed": 1])
            // 1 failed of 6 outbound.
            #expect(abs(((reply.object["delivery_failure_rate"] as? NSNumber)?.doubleValue ?? 0) - 1.0 / 6) < 1e-9)
            // First responses: V3 20 min = 1200 s, V2 30 min = 1800 s, V1 Fri 17:00 → Mon 10:00 = 65 h
            // = 234000 s. Median 1800; p90 at 0.9 × 2 = 1.8: 1800 + 0.8 × (234000 − 1800) = 187560.
            #expect(Self.duration(reply, "first_response_time") == ["count": 3, "median": 1800, "p90": 187_560])
            // Every reply: those three and V2's second, Mon 17:30 → Wed 09:30 = 40 h = 144000 s.
            // Sorted 1200, 1800, 144000, 234000: median (1800 + 144000) / 2 = 72900; p90 at 2.7:
            // 144000 + 0.7 × 90000 = 207000.
            #expect(Self.duration(reply, "reply_time") == ["count": 4, "median": 72_900, "p90": 207_000])
            // Resolutions: V3 10:00 → 12:00 = 7200 s; V1 Fri 16:30 → Mon 11:00 = 66.5 h = 239400 s.
            // Median 123300; p90 7200 + 0.9 × 232200 = 216180.
            #expect(Self.duration(reply, "resolution_time") == ["count": 2, "median": 123_300, "p90": 216_180])
        }
    }

    @Test("with business_hours=true only the queue's open seconds count")
    func businessHours() async throws {
        try await Self.withSeed { _, client, admin in
            let reply = try await client.json(
                .get,
                "/metrics/overview?\(Self.window)&business_hours=true",
                token: admin
            )
            #expect(reply.status == .ok)
            #expect(reply.object["business_hours"] as? Bool == true)
            // Q is open Mon–Fri 09:00–18:00, closed on Tuesday 03-04. V1's wait Fri 17:00 → Mon
            // 10:00 is 17:00–18:00 + 09:00–10:00 = 7200 s; V2's first 1800 s (in hours); V3 has no
            // queue: 1200 s. Sorted 1200, 1800, 7200: median 1800, p90 1800 + 0.8 × 5400 = 6120.
            #expect(Self.duration(reply, "first_response_time") == ["count": 3, "median": 1800, "p90": 6120])
            // V2's second wait Mon 17:30 → Wed 09:30: 30 min Monday, Tuesday a holiday, 30 min
            // Wednesday = 3600 s. Sorted 1200, 1800, 3600, 7200: median 2700, p90 3600 + 0.7 × 3600.
            #expect(Self.duration(reply, "reply_time") == ["count": 4, "median": 2700, "p90": 6120])
            // V1 Fri 16:30 → Mon 11:00: 1.5 h + 2 h = 12600 s; V3 (no queue) 7200 s. Median 9900,
            // p90 7200 + 0.9 × 5400 = 12060.
            #expect(Self.duration(reply, "resolution_time") == ["count": 2, "median": 9900, "p90": 12_060])
            // Counts do not change with business hours.
            #expect(Self.int(reply, "messages_out") == 6)
        }
    }

    @Test("queue and agent narrow conversations, messages and times; contact figures stay tenant-wide")
    func filters() async throws {
        try await Self.withSeed { fixture, client, admin in
            let queued = try await client.json(
                .get,
                "/metrics/overview?\(Self.window)&queue=\(MetricsSeed.queue)",
                token: admin
            )
            #expect(queued.status == .ok)
            #expect(queued["queue"] == MetricsSeed.queue)
            // V1 and V2 only.
            #expect(Self.int(queued, "conversations_opened") == 2)
            #expect(Self.int(queued, "conversations_closed") == 1)
            #expect(Self.int(queued, "messages_in") == 3)
            #expect(Self.int(queued, "messages_out") == 5)
            #expect(Self.int(queued, "delivery_failures") == 1)
            // 1800 and 234000: median 117900, p90 1800 + 0.9 × 232200 = 210780.
            #expect(Self.duration(queued, "first_response_time") == ["count": 2, "median": 117_900, "p90": 210_780])
            #expect(Self.int(queued, "total_contacts") == 3)
            #expect(Self.int(queued, "active_contacts") == 3)

            let agent = fixture.users["agent"]!.uuidString.lowercased()
            let assigned = try await client.json(
                .get,
                "/metrics/overview?\(Self.window)&agent=\(agent)&business_hours=true",
                token: admin
            )
            // V1 only: one message each way, no failure (rate 0 of 1), its wait and resolution.
            #expect(Self.int(assigned, "conversations_opened") == 1)
            #expect(Self.int(assigned, "conversations_closed") == 1)
            #expect(Self.int(assigned, "messages_in") == 1)
            #expect(Self.int(assigned, "messages_out") == 1)
            #expect(Self.int(assigned, "delivery_failures") == 0)
            #expect((assigned.object["delivery_failure_rate"] as? NSNumber)?.doubleValue == 0)
            #expect(Self.duration(assigned, "reply_time") == ["count": 1, "median": 7200, "p90": 7200])
            #expect(Self.duration(assigned, "resolution_time") == ["count": 1, "median": 12_600, "p90": 12_600])
            #expect(Self.int(assigned, "new_contacts") == 2)

            // A queue with nothing: zeros, null times and rate.
            let empty = try await client.json(
                .get,
                "/metrics/overview?\(Self.window)&queue=\(MetricsSeed.globexQueue)",
                token: admin
            )
            #expect(Self.int(empty, "messages_out") == 0)
            #expect(empty.object["delivery_failure_rate"] is NSNull)
            #expect((empty.object["reply_time"] as? [String: Any])?["median"] is NSNull)
        }
    }

    @Test("the series has one entry per day, zeros included")
    func series() async throws {
        try await Self.withSeed { _, client, admin in
            let reply = try await client.json(.get, "/metrics/overview?\(Self.window)", token: admin)
            let series = try #require(reply.object["series"] as? [[String: Any]])
            #expect(series.map { $0["day"] as? String } == (3...10).map { String(format: "2025-03-%02d", $0) })
            func column(_ key: String) -> [Int] { series.map { ($0[key] as? NSNumber)?.intValue ?? -1 } }
            // Days 03 … 10.
            #expect(column("messages_in") == [2, 0, 0, 0, 1, 1, 0, 0])
            #expect(column("messages_out") == [1, 0, 2, 1, 0, 1, 0, 1])
            #expect(column("delivery_failures") == [0, 0, 0, 1, 0, 0, 0, 0])
            #expect(column("conversations_opened") == [1, 0, 0, 0, 1, 1, 0, 0])
            #expect(column("conversations_closed") == [0, 0, 0, 0, 0, 1, 0, 1])
            #expect(column("new_contacts") == [1, 0, 0, 0, 1, 0, 0, 0])
            #expect(column("active_contacts") == [1, 0, 0, 0, 1, 1, 0, 0])
        }
    }

    @Test("format=csv answers the series with a total row")
    func csv() async throws {
        try await Self.withSeed { _, client, admin in
            let reply = try await client.json(.get, "/metrics/overview?\(Self.window)&format=csv", token: admin)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(decoding: reply.body, as: UTF8.self).split(separator: "\r\n").map(String.init)
            #expect(lines.count == 10)
            #expect(
                lines.first
                    == "day,messages_in,messages_out,delivery_failures,conversations_opened,conversations_closed,"
                    + "new_contacts,active_contacts"
            )
            #expect(lines[1] == "2025-03-03,2,1,0,1,0,1,1")
            #expect(lines[8] == "2025-03-10,0,1,0,0,1,0,0")
            #expect(lines.last == "total,4,6,1,3,2,2,3")
        }
    }

    @Test(
        "bad dates, ranges, ids and flags are refused naming the parameter",
        arguments: [
            ("from=2025-02-30", "from"), ("to=yesterday", "to"), ("from=2025-03-10&to=2025-03-09", "to"),
            ("from=2024-01-01&to=2025-01-01", "to"), ("queue=nope", "queue"), ("agent=123", "agent"),
            ("business_hours=yes", "business_hours"), ("format=xml", "format"),
        ]
    )
    func refusals(query: String, parameter: String) async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let reply = try await client.json(
                    .get,
                    "/metrics/overview?\(query)",
                    token: try await client.accessToken("admin")
                )
                #expect(reply.status == .unprocessableContent)
                #expect(reply.errorCode == "invalid_field")
                let message = (reply.object["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("'\(parameter)'") == true)
            }
        }
    }

    @Test("without metrics:read the answer is 403; the default window is the last 30 days")
    func permission() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let denied = try await client.json(
                    .get,
                    "/metrics/overview",
                    token: try await client.accessToken("agent")
                )
                #expect(denied.status == .forbidden)
                #expect(denied.errorCode == "forbidden")
                let unauthenticated = try await client.json(.get, "/metrics/overview")
                #expect(unauthenticated.status == .unauthorized)
                let fine = try await client.json(
                    .get,
                    "/metrics/overview",
                    token: try await client.accessToken("admin")
                )
                #expect(fine.status == .ok)
                #expect(Self.int(fine, "days") == 30)
                #expect((fine.object["series"] as? [Any])?.count == 30)
            }
        }
    }

    @Test("another tenant's data never counts")
    func isolation() async throws {
        try await Self.withSeed { fixture, client, _ in
            let globex = try await client.accessToken("globexAdmin", tenant: "globex")
            let reply = try await client.json(.get, "/metrics/overview?\(Self.window)", token: globex)
            #expect(reply.status == .ok)
            // globex's one contact, conversation and message each way; its wait 09:05 → 09:50.
            #expect(Self.int(reply, "total_contacts") == 1)
            #expect(Self.int(reply, "messages_in") == 1)
            #expect(Self.int(reply, "messages_out") == 1)
            #expect(Self.int(reply, "conversations_opened") == 1)
            #expect(Self.int(reply, "unresponsive_contacts") == 0)
            #expect(Self.duration(reply, "first_response_time") == ["count": 1, "median": 2700, "p90": 2700])
            // Asking for acme's queue from globex finds nothing.
            let foreign = try await client.json(
                .get,
                "/metrics/overview?\(Self.window)&queue=\(MetricsSeed.queue)",
                token: globex
            )
            #expect(Self.int(foreign, "messages_in") == 0)
            #expect(Self.int(foreign, "conversations_opened") == 0)
            _ = fixture
        }
    }
}
