import Foundation
import PostgresNIO
import SigiloCore

extension MetricsRepository {
    /// First response, reply and resolution times in wall-clock seconds, summarised by
    /// PostgreSQL (`percentile_cont`) over `reply_times_window` and `conversations_closed`.
    static func wallTimes(
        into overview: inout MetricsOverview,
        tenant: UUID,
        bounds: Bounds,
        filter: Filter,
        on connection: PostgresConnection
    ) async throws {
        let replies = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE first_response),
                percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY date_part('epoch', replied_at - awaited_from))
                    FILTER (WHERE first_response),
                count(*),
                percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY date_part('epoch', replied_at - awaited_from))
            FROM reply_times
            WHERE tenant_id = \(tenant) AND replied_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                AND replied_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                AND (\(filter.agent)::uuid IS NULL OR agent_id = \(filter.agent)::uuid)
            """,
            logger: Database.silentLogger
        )
        for try await (firstCount, first, count, all) in replies.decode((Int, [Double]?, Int, [Double]?).self) {
            overview.firstResponseTime = summary(count: firstCount, first)
            overview.replyTime = summary(count: count, all)
        }
        let resolutions = try await connection.query(
            """
            SELECT count(*),
                percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY date_part('epoch', closed_at - opened_at))
            FROM conversations
            WHERE tenant_id = \(tenant) AND closed_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                AND closed_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                AND (\(filter.agent)::uuid IS NULL OR assignee_id = \(filter.agent)::uuid)
            """,
            logger: Database.silentLogger
        )
        for try await (count, values) in resolutions.decode((Int, [Double]?).self) {
            overview.resolutionTime = summary(count: count, values)
        }
    }

    private static func summary(count: Int, _ percentiles: [Double]?) -> DurationSummary {
        guard count > 0, let percentiles, percentiles.count == 2 else { return .empty }
        return DurationSummary(count: count, median: percentiles[0], p90: percentiles[1])
    }

    /// The same times counting only the seconds within the business hours of each row's queue
    /// (every second for a row without a queue), computed here over the window's rows: the
    /// rows come grouped by queue as arrays of instants, the cheapest form to read.
    static func businessTimes(
        into overview: inout MetricsOverview,
        tenant: UUID,
        window: MetricsWindow,
        filter: Filter,
        on connection: PostgresConnection
    ) async throws {
        let bounds = Bounds(window)
        let calendars = try await timelines(tenant: tenant, window: window, on: connection)
        func seconds(_ queue: UUID?, _ from: Double, _ to: Double) -> Double {
            guard let queue, let timeline = calendars[queue] else { return max(0, to - from) }
            return timeline.openSeconds(
                from: Date(timeIntervalSince1970: from),
                to: Date(timeIntervalSince1970: to)
            )
        }
        let replies = try await connection.query(
            """
            SELECT queue_id, first_response, array_agg(date_part('epoch', awaited_from)),
                array_agg(date_part('epoch', replied_at))
            FROM reply_times
            WHERE tenant_id = \(tenant) AND replied_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                AND replied_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                AND (\(filter.agent)::uuid IS NULL OR agent_id = \(filter.agent)::uuid)
            GROUP BY 1, 2
            """,
            logger: Database.silentLogger
        )
        var first: [Double] = []
        var all: [Double] = []
        for try await (queue, isFirst, awaited, replied) in replies.decode((UUID?, Bool, [Double], [Double]).self) {
            for (from, to) in zip(awaited, replied) {
                let open = seconds(queue, from, to)
                all.append(open)
                if isFirst { first.append(open) }
            }
        }
        overview.firstResponseTime = DurationSummary(samples: first)
        overview.replyTime = DurationSummary(samples: all)
        let resolutions = try await connection.query(
            """
            SELECT queue_id, array_agg(date_part('epoch', opened_at)), array_agg(date_part('epoch', closed_at))
            FROM conversations
            WHERE tenant_id = \(tenant) AND closed_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                AND closed_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                AND (\(filter.agent)::uuid IS NULL OR assignee_id = \(filter.agent)::uuid)
            GROUP BY 1
            """,
            logger: Database.silentLogger
        )
        var resolved: [Double] = []
        for try await (queue, opened, closed) in resolutions.decode((UUID?, [Double], [Double]).self) {
            for (from, to) in zip(opened, closed) { resolved.append(seconds(queue, from, to)) }
        }
        overview.resolutionTime = DurationSummary(samples: resolved)
    }

    /// Each queue's business hours laid out over the window and the month before it (where
    /// most waits and conversations that end in the window began; older instants fall back to
    /// the day-by-day count).
    static func timelines(
        tenant: UUID,
        window: MetricsWindow,
        on connection: PostgresConnection
    ) async throws -> [UUID: OpenTimeline] {
        let rows = try await connection.query(
            """
            SELECT id, business_hours::text, array_to_json(holidays)::text, time_zone FROM queues
            WHERE tenant_id = \(tenant)
            """,
            logger: Database.silentLogger
        )
        let decoder = JSONDecoder()
        let first = CivilDay(daysSinceEpoch: window.first.daysSinceEpoch - 31)
        var timelines: [UUID: OpenTimeline] = [:]
        for try await (id, intervals, holidays, zone) in rows.decode((UUID, String, String, String).self) {
            let hours = BusinessHours(
                intervals: try decoder.decode([BusinessHours.Interval].self, from: Data(intervals.utf8)),
                holidays: Set(try decoder.decode([CivilDay].self, from: Data(holidays.utf8))),
                timeZone: TimeZone(identifier: zone) ?? .saoPaulo
            )
            timelines[id] = OpenTimeline(hours: hours, first: first, last: window.last)
        }
        return timelines
    }
}
