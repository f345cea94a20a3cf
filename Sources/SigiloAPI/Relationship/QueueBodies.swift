import Foundation
import SigiloCore
import SigiloStore

/// A queue as `POST /queues` (name required) and `PATCH /queues/{id}` receive it; `null`
/// clears the optional fields. `business_hours` is a list of `{"day": 0-6, "open": "HH:MM",
/// "close": "HH:MM"}` (Sunday = 0; an empty list means always open), `holidays` a list of
/// dates, `reminder` `{"after_minutes", "text"}`.
struct QueueInput: Decodable {
    var name: String?
    var menuKey: PatchValue<String>
    var isDefault: Bool?
    var timeZone: String?
    var businessHours: [BusinessHours.Interval]?
    var holidays: [CivilDay]?
    var outOfHoursReply: PatchValue<String>
    var reminder: PatchValue<Reminder>
    var autoCloseAfterMinutes: PatchValue<Int>
    var autoAnswer: Bool?
    var channelIDs: [UUID]?
    var memberIDs: [UUID]?

    struct Reminder: Decodable, Sendable {
        var afterMinutes: Int
        var text: String

        enum CodingKeys: String, CodingKey, CaseIterable {
            case afterMinutes = "after_minutes"
            case text
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            afterMinutes = try container.decode(Int.self, forKey: .afterMinutes)
            text = try container.decode(String.self, forKey: .text)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, holidays, reminder
        case menuKey = "menu_key"
        case isDefault = "is_default"
        case timeZone = "time_zone"
        case businessHours = "business_hours"
        case outOfHoursReply = "out_of_hours_reply"
        case autoCloseAfterMinutes = "auto_close_after_minutes"
        case autoAnswer = "auto_answer"
        case channelIDs = "channel_ids"
        case memberIDs = "member_ids"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        menuKey = try PatchValue(container, .menuKey)
        isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        businessHours = try container.decodeIfPresent([BusinessHours.Interval].self, forKey: .businessHours)
        holidays = try container.decodeIfPresent([CivilDay].self, forKey: .holidays)
        outOfHoursReply = try PatchValue(container, .outOfHoursReply)
        reminder = try PatchValue(container, .reminder)
        autoCloseAfterMinutes = try PatchValue(container, .autoCloseAfterMinutes)
        autoAnswer = try container.decodeIfPresent(Bool.self, forKey: .autoAnswer)
        channelIDs = try container.decodeIfPresent([UUID].self, forKey: .channelIDs)
        memberIDs = try container.decodeIfPresent([UUID].self, forKey: .memberIDs)
    }

    /// The checked changes; `current` is the queue being changed (nil on create).
    func changes(current: Queue?) throws -> QueueChanges {
        var changes = QueueChanges()
        changes.name = try name.map { try FieldRules.text($0, field: "name", characters: 1...80) }
        if current == nil, changes.name == nil { throw APIError.missingField("name") }
        changes.menuKey = try patch(menuKey) { key in
            // ICU's `$` also matches before a final line break; PostgreSQL's does not.
            guard key.range(of: "^[0-9A-Za-z]{1,8}$", options: .regularExpression) != nil,
                !key.contains(where: \.isNewline)
            else {
                throw APIError.invalidField("menu_key", expected: "1 to 8 letters or digits")
            }
            return key
        }
        changes.isDefault = isDefault
        if timeZone != nil || businessHours != nil || holidays != nil {
            let base = current?.hours ?? BusinessHours.always
            var zone = base.timeZone
            if let timeZone {
                guard let parsed = TimeZone(identifier: timeZone) else {
                    throw APIError.invalidField("time_zone", expected: "an IANA time zone such as America/Sao_Paulo")
                }
                zone = parsed
            }
            if let businessHours { try FieldRules.count(businessHours, field: "business_hours", maximum: 50) }
            if let holidays { try FieldRules.count(holidays, field: "holidays", maximum: 366) }
            changes.hours = BusinessHours(
                intervals: businessHours ?? base.intervals,
                holidays: holidays.map(Set.init) ?? base.holidays,
                timeZone: zone
            )
        }
        changes.outOfHoursReply = try patch(outOfHoursReply) {
            try FieldRules.text($0, field: "out_of_hours_reply", characters: 1...1024, multiline: true)
        }
        changes.reminder = try patch(reminder) { reminder in
            guard (1...43_200).contains(reminder.afterMinutes) else {
                throw APIError.invalidField("reminder.after_minutes", expected: "1 to 43200 (30 days)")
            }
            let text = try FieldRules.text(reminder.text, field: "reminder.text", characters: 1...1024, multiline: true)
            return (reminder.afterMinutes, text)
        }
        changes.autoCloseAfterMinutes = try patch(autoCloseAfterMinutes) { minutes in
            guard (1...43_200).contains(minutes) else {
                throw APIError.invalidField("auto_close_after_minutes", expected: "1 to 43200 (30 days)")
            }
            return minutes
        }
        changes.autoAnswer = autoAnswer
        if let channelIDs { try FieldRules.count(channelIDs, field: "channel_ids", maximum: 100) }
        if let memberIDs { try FieldRules.count(memberIDs, field: "member_ids", maximum: 500) }
        changes.channelIDs = channelIDs
        changes.memberIDs = memberIDs
        return changes
    }

    private func patch<Input, Output>(
        _ value: PatchValue<Input>,
        _ check: (Input) throws -> Output
    ) throws
        -> Patch<Output>
    {
        switch value {
        case .absent: .keep
        case .null: .clear
        case .value(let input): .set(try check(input))
        }
    }
}

struct QueueView: Encodable {
    var queue: Queue

    enum CodingKeys: String, CodingKey {
        case id, name, holidays, reminder
        case menuKey = "menu_key"
        case isDefault = "is_default"
        case timeZone = "time_zone"
        case businessHours = "business_hours"
        case outOfHoursReply = "out_of_hours_reply"
        case autoCloseAfterMinutes = "auto_close_after_minutes"
        case autoAnswer = "auto_answer"
        case channelIDs = "channel_ids"
        case memberIDs = "member_ids"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    private struct ReminderView: Encodable {
        var afterMinutes: Int
        var text: String
        enum CodingKeys: String, CodingKey {
            case afterMinutes = "after_minutes"
            case text
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queue.id.lowercasedString, forKey: .id)
        try container.encode(queue.name, forKey: .name)
        try container.encode(queue.menuKey, forKey: .menuKey)
        try container.encode(queue.isDefault, forKey: .isDefault)
        try container.encode(queue.hours.timeZone.identifier, forKey: .timeZone)
        try container.encode(queue.hours.intervals, forKey: .businessHours)
        try container.encode(queue.hours.holidays.sorted(), forKey: .holidays)
        try container.encode(queue.outOfHoursReply, forKey: .outOfHoursReply)
        let reminder = queue.reminderAfterMinutes.flatMap { after in
            queue.reminderText.map { ReminderView(afterMinutes: after, text: $0) }
        }
        try container.encode(reminder, forKey: .reminder)
        try container.encode(queue.autoCloseAfterMinutes, forKey: .autoCloseAfterMinutes)
        try container.encode(queue.autoAnswer, forKey: .autoAnswer)
        try container.encode(queue.channelIDs.map(\.lowercasedString), forKey: .channelIDs)
        try container.encode(queue.memberIDs.map(\.lowercasedString), forKey: .memberIDs)
        try container.encode(queue.createdAt, forKey: .createdAt)
        try container.encode(queue.updatedAt, forKey: .updatedAt)
    }
}
