import SigiloCore
import Testing

@Suite("MetricsWindow")
struct MetricsWindowTests {
    let today = CivilDay(year: 2025, month: 3, day: 10)

    @Test("without parameters: the 30 days ending today")
    func defaults() throws {
        let window = try MetricsWindow(from: nil, to: nil, today: today)
        #expect(window.first == CivilDay(year: 2025, month: 2, day: 9))
        #expect(window.last == today)
        #expect(window.dayCount == 30)
        #expect(window.days.count == 30)
    }

    @Test("from and to are both included; to alone ends a 30-day window")
    func explicit() throws {
        let window = try MetricsWindow(from: "2025-01-01", to: "2025-01-01", today: today)
        #expect(window.dayCount == 1)
        let ending = try MetricsWindow(from: nil, to: "2024-12-31", today: today)
        #expect(ending.first.description == "2024-12-02")
        #expect(try MetricsWindow(from: "2024-01-01", to: "2024-12-31", today: today).dayCount == 366)
    }

    @Test("a bad date, a reversed range or more than 366 days is refused, naming the parameter")
    func refusals() {
        #expect(throws: MetricsWindow.Problem.notADate(parameter: "from")) {
            try MetricsWindow(from: "2025-02-30", to: nil, today: today)
        }
        #expect(throws: MetricsWindow.Problem.notADate(parameter: "to")) {
            try MetricsWindow(from: nil, to: "10/03/2025", today: today)
        }
        #expect(throws: MetricsWindow.Problem.endsBeforeStart) {
            try MetricsWindow(from: "2025-03-02", to: "2025-03-01", today: today)
        }
        #expect(throws: MetricsWindow.Problem.tooLong) {
            try MetricsWindow(from: "2024-01-01", to: "2025-01-01", today: today)
        }
        #expect(MetricsWindow.Problem.tooLong.parameter == "to")
    }
}
