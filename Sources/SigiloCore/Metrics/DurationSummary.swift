/// A distribution of durations in seconds, as the metrics report it: how many, the median and
/// the 90th percentile. Percentiles interpolate linearly between the closest ranks, exactly as
/// PostgreSQL's `percentile_cont` does, so the SQL and the Swift (business-hours) paths agree.
package struct DurationSummary: Sendable, Equatable {
    package var count: Int
    /// Nil when there is no sample.
    package var median: Double?
    /// Nil when there is no sample.
    package var p90: Double?

    package init(count: Int, median: Double?, p90: Double?) {
        self.count = count
        self.median = median
        self.p90 = p90
    }

    /// The summary of `samples` (any order).
    package init(samples: [Double]) {
        let sorted = samples.sorted()
        self.init(
            count: sorted.count,
            median: Self.percentile(0.5, ofSorted: sorted),
            p90: Self.percentile(0.9, ofSorted: sorted)
        )
    }

    /// No sample at all.
    package static let empty = DurationSummary(count: 0, median: nil, p90: nil)

    /// The `fraction` percentile (0 … 1) of ascending `sorted`, by `percentile_cont`'s rule:
    /// the value at position `fraction × (n − 1)`, interpolated between its neighbours.
    /// - Returns: nil when `sorted` is empty.
    package static func percentile(_ fraction: Double, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }
}
