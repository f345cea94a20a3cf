import Foundation
import SigiloCore
import Testing

@Suite("OpenTimeline")
struct OpenTimelineTests {
    /// Monday to Friday 09:00–18:00 in São Paulo; 2025-03-04 (a Tuesday, Carnival) closed.
    static let weekdays = BusinessHours(
        intervals: (1...5).map { BusinessHours.Interval(day: $0, open: 9 * 60, close: 18 * 60) },
        holidays: [CivilDay(year: 2025, month: 3, day: 4)],
        timeZone: .saoPaulo
    )

    /// `day` of March 2025 at `hour`:`minute` in São Paulo (UTC−3).
    static func march(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        let midnight = Double(CivilDay(year: 2025, month: 3, day: day).daysSinceEpoch) * 86_400
        return Date(timeIntervalSince1970: midnight + Double(hour * 3600 + minute * 60) + 3 * 3600)
    }

    let timeline = OpenTimeline(
        hours: weekdays,
        first: CivilDay(year: 2025, month: 2, day: 1),
        last: CivilDay(year: 2025, month: 3, day: 31)
    )

    @Test("Friday 17:00 to Monday 10:00 is two business hours")
    func overWeekend() {
        // 2025-03-07 is a Friday: 17:00–18:00, then Monday 2025-03-10 09:00–10:00.
        #expect(timeline.openSeconds(from: Self.march(7, 17), to: Self.march(10, 10)) == 7200)
    }

    @Test("a holiday counts nothing; out of hours counts nothing")
    func closed() {
        // Monday 17:30 to Wednesday 09:30: 30 min Monday, Tuesday is Carnival, 30 min Wednesday.
        #expect(timeline.openSeconds(from: Self.march(3, 17, 30), to: Self.march(5, 9, 30)) == 3600)
        #expect(timeline.openSeconds(from: Self.march(8, 10), to: Self.march(9, 20)) == 0)
        #expect(timeline.openSeconds(from: Self.march(10, 10), to: Self.march(10, 9)) == 0)
    }

    @Test("agrees with BusinessHours.openSeconds, inside and outside its laid-out days")
    func agreesWithDayByDay() {
        var generator = SystemRandomNumberGenerator()
        let start = Self.march(1, 0).timeIntervalSince1970 - 40 * 86_400
        for _ in 0..<2000 {
            let from = start + Double.random(in: 0..<(80 * 86_400), using: &generator)
            let to = from + Double.random(in: 0..<(6 * 86_400), using: &generator)
            let a = Date(timeIntervalSince1970: from)
            let b = Date(timeIntervalSince1970: to)
            #expect(abs(timeline.openSeconds(from: a, to: b) - Self.weekdays.openSeconds(from: a, to: b)) < 1e-6)
        }
    }

    @Test("hours without intervals are open around the clock, except holidays")
    func aroundTheClock() {
        let hours = BusinessHours(
            intervals: [],
            holidays: [CivilDay(year: 2025, month: 3, day: 4)],
            timeZone: .saoPaulo
        )
        let timeline = OpenTimeline(
            hours: hours,
            first: CivilDay(year: 2025, month: 3, day: 1),
            last: CivilDay(year: 2025, month: 3, day: 31)
        )
        #expect(timeline.openSeconds(from: Self.march(3, 12), to: Self.march(5, 12)) == 86_400)
    }
}
