import Foundation
import PostgresNIO
import SigiloCore

extension MetricsRepository {
    /// First response and reply times of the window's `reply_times` rows.
    ///
    /// The rows come grouped by `first_response` as one `float8` array of durations, or, for
    /// business hours, by queue too as two arrays of instants (the cheapest forms to read).
    /// Percentiles are computed here with `percentile_cont`'s interpolation
    /// (``DurationSummary``): sorting here costs less than PostgreSQL's two ordered-set
    /// aggregates.
    /// - Returns: the first response time and the reply time.
    static func replyTimes(
        tenant: UUID,
        window: MetricsWindow,
        filter: Filter,
        on connection: PostgresConnection
    ) async throws -> (first: DurationSummary, all: DurationSummary) {
        let bounds = Bounds(window)
        guard filter.businessHours else {
            // Wall-clock time needs only the durations: one array, half the bytes.
            let rows = try await connection.query(
                """
                SELECT first_response, array_agg(date_part('epoch', replied_at - awaited_from))
                FROM reply_times
                WHERE tenant_id = \(tenant) AND replied_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                    AND replied_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                    AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                    AND (\(filter.agent)::uuid IS NULL OR agent_id = \(filter.agent)::uuid)
                GROUP BY 1
                """,
                logger: Database.silentLogger
            )
            var first: [Double] = []
            var all: [Double] = []
            for try await (isFirst, seconds) in rows.decode((Bool, [Double]).self) {
                all += seconds
                if isFirst { first += seconds }
            }
            return (DurationSummary(samples: first), DurationSummary(samples: all))
        }
        let clock = try await Clock(tenant: tenant, window: window, on: connection)
        let rows = try await connection.query(
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
        for try await (queue, isFirst, awaited, replied) in rows.decode((UUID?, Bool, [Double], [Double]).self) {
            let seconds = clock.durations(queue: queue, from: awaited, to: replied)
            all += seconds
            if isFirst { first += seconds }
        }
        return (DurationSummary(samples: first), DurationSummary(samples: all))
    }

    /// Resolution times of the conversations closed in the window, as ``replyTimes`` does.
    static func resolutionTimes(
        tenant: UUID,
        window: MetricsWindow,
        filter: Filter,
        on connection: PostgresConnection
    ) async throws -> DurationSummary {
        let bounds = Bounds(window)
        guard filter.businessHours else {
            let rows = try await connection.query(
                """
                SELECT array_agg(date_part('epoch', closed_at - opened_at))
                FROM conversations
                WHERE tenant_id = \(tenant) AND closed_at >= \(bounds.first)::timestamp AT TIME ZONE \(zone)
                    AND closed_at < \(bounds.next)::timestamp AT TIME ZONE \(zone)
                    AND (\(filter.queue)::uuid IS NULL OR queue_id = \(filter.queue)::uuid)
                    AND (\(filter.agent)::uuid IS NULL OR assignee_id = \(filter.agent)::uuid)
                """,
                logger: Database.silentLogger
            )
            var resolved: [Double] = []
            for try await seconds in rows.decode([Double]?.self) { resolved += seconds ?? [] }
            return DurationSummary(samples: resolved)
        }
        let clock = try await Clock(tenant: tenant, window: window, on: connection)
        let rows = try await connection.query(
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
        for try await (queue, opened, closed) in rows.decode((UUID?, [Double], [Double]).self) {
            resolved += clock.durations(queue: queue, from: opened, to: closed)
        }
        return DurationSummary(samples: resolved)
    }

    /// Counts only the seconds within the business hours of a row's queue (every second for a
    /// row without a queue).
    struct Clock {
        /// Each queue's hours laid out over the window and the month before it, where most
        /// waits and conversations that end in the window began (older instants fall back to
        /// the day-by-day count).
        let timelines: [UUID: OpenTimeline]

        init(tenant: UUID, window: MetricsWindow, on connection: PostgresConnection) async throws {
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
            self.timelines = timelines
        }

        /// The durations from each `from` to its `to` (seconds since 1970).
        func durations(queue: UUID?, from: [Double], to: [Double]) -> [Double] {
            guard let queue, let timeline = timelines[queue] else {
                return zip(from, to).map { max(0, $1 - $0) }
            }
            return zip(from, to).map {
                timeline.openSeconds(from: Date(timeIntervalSince1970: $0), to: Date(timeIntervalSince1970: $1))
            }
        }
    }
}
