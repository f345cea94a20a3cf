package import Foundation

extension Cadence {
    /// The due time after `due`: one interval later in São Paulo's calendar (months have their
    /// own lengths), or one interval after `now` when that is already past (a scheduler that
    /// was down sends once, not once per missed interval).
    package func nextDue(after due: Date, now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .saoPaulo
        func step(_ from: Date) -> Date {
            let next: Date? =
                switch unit {
                case .days: calendar.date(byAdding: .day, value: every, to: from)
                case .weeks: calendar.date(byAdding: .day, value: 7 * every, to: from)
                case .months: calendar.date(byAdding: .month, value: every, to: from)
                }
            return next ?? from.addingTimeInterval(86_400)
        }
        let next = step(due)
        return next > now ? next : step(now)
    }
}
