/// A stretch of a text found to be personal data: where (scalar indices), what kind, and a
/// key that is equal for equal values (digits only, folded case and accents).
struct PIISpan {
    var range: Range<Int>
    var kind: PIIKind
    var key: String
    /// A name someone introduced ("me chamo …"): learned for the rest of the conversation.
    var introduced = false

    /// Keeps the spans that do not overlap an earlier or longer one, in text order.
    static func resolve(_ spans: [PIISpan]) -> [PIISpan] {
        let ordered = spans.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count
        }
        var kept: [PIISpan] = []
        kept.reserveCapacity(ordered.count)
        var end = 0
        for span in ordered where span.range.lowerBound >= end {
            kept.append(span)
            end = span.range.upperBound
        }
        return kept
    }
}
