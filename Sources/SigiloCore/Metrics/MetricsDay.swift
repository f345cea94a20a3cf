/// The counts of one day of a metrics report, for charts.
package struct MetricsDay: Sendable, Equatable {
    package var day: CivilDay
    package var messagesIn = 0
    package var messagesOut = 0
    package var deliveryFailures = 0
    package var conversationsOpened = 0
    package var conversationsClosed = 0
    package var newContacts = 0
    package var activeContacts = 0

    package init(day: CivilDay) {
        self.day = day
    }

    /// One entry per day of `window`, in order: the day's counts from `counted` where it has
    /// them, zeros on days without any (days outside the window are dropped).
    package static func series(_ window: MetricsWindow, counted: [MetricsDay]) -> [MetricsDay] {
        var byDay: [CivilDay: MetricsDay] = [:]
        for day in counted where day.day >= window.first && day.day <= window.last { byDay[day.day] = day }
        return window.days.map { byDay[$0] ?? MetricsDay(day: $0) }
    }
}
