package import Foundation

/// A queue's business hours laid out, once, as sorted open intervals over a range of days
/// with the open seconds before each, so the open seconds between two instants cost two
/// binary searches instead of a walk over the days (and their time-zone look-ups) per row.
///
/// Agrees with ``BusinessHours/openSeconds(from:to:)`` wherever the day's intervals do not
/// overlap (overlapping intervals of one day count once here); instants outside the laid-out
/// days fall back to it.
package struct OpenTimeline: Sendable {
    package let hours: BusinessHours
    /// Open intervals as seconds since 1970, ascending and disjoint.
    private var starts: [Double] = []
    private var ends: [Double] = []
    /// Open seconds before `starts[i]`, from the start of the range.
    private var before: [Double] = []
    private let rangeStart: Double
    private let rangeEnd: Double

    /// Lays out `hours` over the days `first` … `last` (both included).
    package init(hours: BusinessHours, first: CivilDay, last: CivilDay) {
        self.hours = hours
        rangeStart = hours.start(of: first).timeIntervalSince1970
        rangeEnd = hours.start(of: CivilDay(daysSinceEpoch: last.daysSinceEpoch + 1)).timeIntervalSince1970
        var total: Double = 0
        for number in first.daysSinceEpoch...max(first.daysSinceEpoch, last.daysSinceEpoch) {
            let day = CivilDay(daysSinceEpoch: number)
            guard !hours.holidays.contains(day) else { continue }
            let midnight = hours.start(of: day).timeIntervalSince1970
            var spans: [(Double, Double)]
            if hours.intervals.isEmpty {
                spans = [(midnight, hours.start(of: CivilDay(daysSinceEpoch: number + 1)).timeIntervalSince1970)]
            } else {
                spans = hours.intervals.filter { $0.day == day.weekday }
                    .map { (midnight + Double($0.open) * 60, midnight + Double($0.close) * 60) }
                    .sorted { $0.0 < $1.0 }
            }
            for (start, end) in spans {
                if let lastEnd = ends.last, start <= lastEnd {
                    // Overlapping or touching the previous interval: extend it.
                    if end > lastEnd {
                        total += end - lastEnd
                        ends[ends.count - 1] = end
                    }
                    continue
                }
                starts.append(start)
                ends.append(end)
                before.append(total)
                total += end - start
            }
        }
    }

    /// Seconds between `from` and `to` within business hours (0 when `to` is not after `from`).
    package func openSeconds(from: Date, to: Date) -> Double {
        let lower = from.timeIntervalSince1970
        let upper = to.timeIntervalSince1970
        guard upper > lower else { return 0 }
        guard lower >= rangeStart, upper <= rangeEnd else { return hours.openSeconds(from: from, to: to) }
        return cumulative(upper) - cumulative(lower)
    }

    /// Open seconds from the start of the range to `instant` (within the range).
    private func cumulative(_ instant: Double) -> Double {
        // The number of intervals that start at or before `instant`.
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return 0 }
        let index = low - 1
        return before[index] + min(instant, ends[index]) - starts[index]
    }
}
