import SigiloCore
import Testing

@Suite("MetricsDay")
struct MetricsDayTests {
    @Test("the series has every day of the window in order, zeros where nothing was counted")
    func series() throws {
        let window = try MetricsWindow(
            from: "2025-03-01",
            to: "2025-03-03",
            today: CivilDay(year: 2025, month: 3, day: 3)
        )
        var counted = MetricsDay(day: CivilDay(year: 2025, month: 3, day: 2))
        counted.messagesIn = 4
        let outside = MetricsDay(day: CivilDay(year: 2025, month: 3, day: 9))
        let series = MetricsDay.series(window, counted: [outside, counted])
        #expect(series.map(\.day.description) == ["2025-03-01", "2025-03-02", "2025-03-03"])
        #expect(series.map(\.messagesIn) == [0, 4, 0])
    }
}
