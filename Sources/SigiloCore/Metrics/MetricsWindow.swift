/// The days a metrics report covers: `first` through `last`, both included, as calendar days
/// in America/Sao_Paulo (the zone the metric facts are counted in, migration 0010).
package struct MetricsWindow: Sendable, Equatable {
    package let first: CivilDay
    package let last: CivilDay

    /// The longest window a report may cover: a leap year.
    package static let maximumDays = 366
    /// The window's length when the caller names no `from`.
    package static let defaultDays = 30

    /// Why a requested window cannot be used; each names the query parameter at fault.
    package enum Problem: Error, Equatable, Sendable {
        /// `from` or `to` is not a date `YYYY-MM-DD`.
        case notADate(parameter: String)
        /// `to` is before `from`.
        case endsBeforeStart
        /// More than ``maximumDays`` days.
        case tooLong

        /// The query parameter to blame.
        package var parameter: String {
            switch self {
            case .notADate(let parameter): parameter
            case .endsBeforeStart, .tooLong: "to"
            }
        }

        /// What the parameter must be, for the error message (never the input).
        package var expectation: String {
            switch self {
            case .notADate: "a date YYYY-MM-DD"
            case .endsBeforeStart: "a date on or after from"
            case .tooLong: "at most \(MetricsWindow.maximumDays) days after from, counting both"
            }
        }
    }

    /// A window of `first` … `last`.
    /// - Throws: ``Problem`` when `last` is before `first` or the window is too long.
    package init(first: CivilDay, last: CivilDay) throws(Problem) {
        guard last >= first else { throw .endsBeforeStart }
        guard last.daysSinceEpoch - first.daysSinceEpoch + 1 <= Self.maximumDays else { throw .tooLong }
        self.first = first
        self.last = last
    }

    /// The window a request asks for: `from` and `to` as `YYYY-MM-DD`, either may be absent.
    /// Without `to` the window ends `today`; without `from` it is ``defaultDays`` long.
    /// - Throws: ``Problem``.
    package init(from: String?, to: String?, today: CivilDay) throws(Problem) {
        let last: CivilDay
        if let to {
            guard let day = CivilDay(to) else { throw .notADate(parameter: "to") }
            last = day
        } else {
            last = today
        }
        let first: CivilDay
        if let from {
            guard let day = CivilDay(from) else { throw .notADate(parameter: "from") }
            first = day
        } else {
            first = CivilDay(daysSinceEpoch: last.daysSinceEpoch - Self.defaultDays + 1)
        }
        try self.init(first: first, last: last)
    }

    /// How many days the window covers.
    package var dayCount: Int { last.daysSinceEpoch - first.daysSinceEpoch + 1 }

    /// Every day of the window, in order.
    package var days: [CivilDay] {
        (first.daysSinceEpoch...last.daysSinceEpoch).map { CivilDay(daysSinceEpoch: $0) }
    }
}
