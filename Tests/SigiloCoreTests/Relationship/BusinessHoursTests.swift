import Foundation
import SigiloCore
import Testing

@Suite("Business hours")
struct BusinessHoursTests {
    /// Monday to Friday, 09:00–18:00 in São Paulo, closed on 2026-11-20.
    let hours = BusinessHours(
        intervals: (1...5).map { BusinessHours.Interval(day: $0, open: 9 * 60, close: 18 * 60) },
        holidays: [CivilDay("2026-11-20")!],
        timeZone: .saoPaulo
    )

    static func at(_ local: String) -> Date {
        ISO8601DateFormatter().date(from: local + "-03:00")!
    }

    @Test("open at opening, closed at closing, closed on weekends and holidays")
    func isOpen() {
        #expect(!hours.isOpen(at: Self.at("2026-11-16T08:59:59")))
        #expect(hours.isOpen(at: Self.at("2026-11-16T09:00:00")))
        #expect(hours.isOpen(at: Self.at("2026-11-16T17:59:59")))
        #expect(!hours.isOpen(at: Self.at("2026-11-16T18:00:00")))
        #expect(!hours.isOpen(at: Self.at("2026-11-21T12:00:00")))  // Saturday
        #expect(!hours.isOpen(at: Self.at("2026-11-20T12:00:00")))  // holiday
        #expect(BusinessHours.always.isOpen(at: Self.at("2026-11-22T03:00:00")))
    }

    @Test("business seconds skip nights, weekends and holidays")
    func openSeconds() {
        // Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
        #expect(hours.openSeconds(from: Self.at("2026-11-13T17:00:00"), to: Self.at("2026-11-16T10:00:00")) == 7200)
        // Thursday 17:30 → Monday 09:30 across the Friday holiday: 30 + 30 minutes.
        #expect(hours.openSeconds(from: Self.at("2026-11-19T17:30:00"), to: Self.at("2026-11-23T09:30:00")) == 3600)
        // Within one day.
        #expect(hours.openSeconds(from: Self.at("2026-11-16T10:00:00"), to: Self.at("2026-11-16T10:05:00")) == 300)
        #expect(hours.openSeconds(from: Self.at("2026-11-16T10:00:00"), to: Self.at("2026-11-16T09:00:00")) == 0)
        #expect(
            BusinessHours.always.openSeconds(from: Self.at("2026-11-16T10:00:00"), to: Self.at("2026-11-17T10:00:00"))
                == 86_400
        )
    }

    @Test("intervals decode from HH:MM and refuse impossible ones")
    func coding() throws {
        let good = try JSONDecoder().decode(
            [BusinessHours.Interval].self,
            from: Data(#"[{"day":0,"open":"00:00","close":"24:00"}]"#.utf8)
        )
        #expect(good == [BusinessHours.Interval(day: 0, open: 0, close: 1440)])
        for bad in [
            #"[{"day":7,"open":"08:00","close":"09:00"}]"#, #"[{"day":1,"open":"09:00","close":"09:00"}]"#,
            #"[{"day":1,"open":"24:00","close":"24:00"}]"#, #"[{"day":1,"open":"8:00","close":"09:00"}]"#,
            #"[{"day":1,"open":"08:60","close":"09:00"}]"#,
        ] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode([BusinessHours.Interval].self, from: Data(bad.utf8))
            }
        }
        #expect(CivilDay("2026-02-29") == nil)
        #expect(CivilDay("0000-01-01") == nil)  // PostgreSQL has no year 0
        #expect(CivilDay("9999-12-31") == nil)
        #expect(CivilDay("2028-02-29")?.description == "2028-02-29")
        #expect(CivilDay("2026-11-23")?.weekday == 1)
    }

    @Test("the cadence's next due time keeps its schedule, months by the calendar")
    func cadence() {
        let due = Self.at("2026-01-31T10:00:00")
        #expect(Cadence(every: 1, unit: .months).nextDue(after: due, now: due) == Self.at("2026-02-28T10:00:00"))
        #expect(Cadence(every: 2, unit: .weeks).nextDue(after: due, now: due) == Self.at("2026-02-14T10:00:00"))
        // A scheduler that was down for a month sends once, then one interval after now.
        let late = Self.at("2026-03-05T12:00:00")
        #expect(Cadence(every: 3, unit: .days).nextDue(after: due, now: late) == Self.at("2026-03-08T12:00:00"))
    }

    @Test("a menu answer picks by key or name, whatever the case, accents and punctuation")
    func menu() {
        let options = [(id: 1, key: "1", name: "Vendas"), (id: 2, key: "2", name: "Suporte Técnico")]
        #expect(MenuChoice.match(" 1. ", options: options) == 1)
        #expect(MenuChoice.match("suporte tecnico!", options: options) == 2)
        #expect(MenuChoice.match("3", options: options) == nil)
        #expect(MenuChoice.match("quero vendas", options: options) == nil)
        #expect(
            MenuChoice.text(prompt: "Escolha:", options: options.map { ($0.key, $0.name) })
                == "Escolha:\n1 - Vendas\n2 - Suporte Técnico"
        )
    }

    @Test("quick reply variables: known ones filled, unknown ones refused")
    func quickReplyText() throws {
        #expect(
            try QuickReplyText.variables(in: "Oi {{contact.first_name}} {{ business.name }}") == [
                "contact.first_name", "business.name",
            ]
        )
        #expect(throws: QuickReplyText.UnknownVariable.self) { try QuickReplyText.variables(in: "{{contact.cpf}}") }
        #expect(QuickReplyText.render("Oi {{contact.first_name}}!", values: ["contact.first_name": "Ana"]) == "Oi Ana!")
        #expect(QuickReplyText.render("{{contact.name}}", values: [:]) == "")
    }
}
