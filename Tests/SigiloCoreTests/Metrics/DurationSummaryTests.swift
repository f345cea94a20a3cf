import SigiloCore
import Testing

@Suite("DurationSummary")
struct DurationSummaryTests {
    @Test("percentiles interpolate linearly between ranks, as percentile_cont does")
    func interpolation() {
        // 4 samples: the median sits at position 0.5 × 3 = 1.5, between 20 and 30 → 25;
        // p90 at 0.9 × 3 = 2.7, 30 + 0.7 × (40 − 30) = 37.
        let summary = DurationSummary(samples: [40, 10, 30, 20])
        #expect(summary.count == 4)
        #expect(summary.median == 25)
        #expect(abs((summary.p90 ?? 0) - 37) < 1e-9)
    }

    @Test("one sample is every percentile; none is nil")
    func edges() {
        #expect(DurationSummary(samples: [7]) == DurationSummary(count: 1, median: 7, p90: 7))
        #expect(DurationSummary(samples: []) == .empty)
        #expect(DurationSummary.percentile(0.5, ofSorted: []) == nil)
        #expect(DurationSummary.percentile(1, ofSorted: [1, 2, 3]) == 3)
        #expect(DurationSummary.percentile(0, ofSorted: [1, 2, 3]) == 1)
    }
}
