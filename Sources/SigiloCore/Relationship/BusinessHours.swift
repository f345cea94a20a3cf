package import Foundation

/// A queue's weekly business hours in its time zone, with holidays (closed all day).
///
/// No interval at all means open around the clock (holidays still close). An interval never
/// crosses midnight: a night shift is two intervals. Local days are found from the zone's
/// offset at that day's noon, so a day on which the clock changes is off by the change at
/// most (Brazil has had no daylight saving since 2019).
package struct BusinessHours: Sendable, Equatable {
    /// `open` and `close` in minutes after local midnight; `day` 0 (Sunday) … 6 (Saturday).
    package struct Interval: Sendable, Equatable {
        package var day: Int
        package var open: Int
        package var close: Int

        package init(day: Int, open: Int, close: Int) {
            self.day = day
            self.open = open
            self.close = close
        }
    }

    package var intervals: [Interval]
    package var holidays: Set<CivilDay>
    package var timeZone: TimeZone

    package init(intervals: [Interval], holidays: Set<CivilDay> = [], timeZone: TimeZone) {
        self.intervals = intervals
        self.holidays = holidays
        self.timeZone = timeZone
    }

    /// São Paulo, every hour of every day.
    package static let always = BusinessHours(intervals: [], timeZone: .saoPaulo)

    /// The local calendar day that contains `instant`.
    package func day(containing instant: Date) -> CivilDay {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        return CivilDay(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// The instant of local midnight that starts `day`.
    package func start(of day: CivilDay) -> Date {
        let midnight = Double(day.daysSinceEpoch) * 86_400
        let noon = Date(timeIntervalSince1970: midnight + 43_200)
        return Date(timeIntervalSince1970: midnight - Double(timeZone.secondsFromGMT(for: noon)))
    }

    package func isOpen(at instant: Date) -> Bool {
        let today = day(containing: instant)
        guard !holidays.contains(today) else { return false }
        guard !intervals.isEmpty else { return true }
        let minute = Int(instant.timeIntervalSince(start(of: today)) / 60)
        return intervals.contains { $0.day == today.weekday && $0.open <= minute && minute < $0.close }
    }

    /// Seconds between `from` and `to` that fall within business hours.
    package func openSeconds(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        if intervals.isEmpty && holidays.isEmpty { return to.timeIntervalSince(from) }
        var total: TimeInterval = 0
        var current = day(containing: from)
        let last = day(containing: to)
        while current <= last {
            if !holidays.contains(current) {
                let midnight = start(of: current)
                if intervals.isEmpty {
                    total += Self.overlap(midnight, midnight.addingTimeInterval(86_400), from, to)
                } else {
                    for interval in intervals where interval.day == current.weekday {
                        total += Self.overlap(
                            midnight.addingTimeInterval(Double(interval.open) * 60),
                            midnight.addingTimeInterval(Double(interval.close) * 60),
                            from,
                            to
                        )
                    }
                }
            }
            current = CivilDay(daysSinceEpoch: current.daysSinceEpoch + 1)
        }
        return total
    }

    private static func overlap(_ start: Date, _ end: Date, _ from: Date, _ to: Date) -> TimeInterval {
        max(0, min(end, to).timeIntervalSince(max(start, from)))
    }
}

extension TimeZone {
    /// The default zone of queues and daily metrics.
    package static let saoPaulo = TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone(secondsFromGMT: -3 * 3600)!
}
