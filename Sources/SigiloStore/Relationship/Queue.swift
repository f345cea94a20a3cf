package import Foundation
package import SigiloCore

/// A queue (sector) of a tenant: who works it, when it is open, what is said out of hours and
/// how pending tickets are followed up.
package struct Queue: Sendable, Equatable {
    package var id: UUID
    package var name: String
    /// The answer that picks this queue in the first-message menu.
    package var menuKey: String?
    /// Where conversations go when no number or menu chose a queue.
    package var isDefault: Bool
    package var hours: BusinessHours
    package var outOfHoursReply: String?
    package var reminderAfterMinutes: Int?
    package var reminderText: String?
    package var autoCloseAfterMinutes: Int?
    /// Whether the AI answers customers of this queue (the AI issue).
    package var autoAnswer: Bool
    /// The numbers whose conversations come straight here.
    package var channelIDs: [UUID]
    package var memberIDs: [UUID]
    package var createdAt: Date
    package var updatedAt: Date
}

/// What a queue is created or changed with; nil leaves a field as it is on update.
package struct QueueChanges: Sendable {
    package var name: String?
    package var menuKey: Patch<String>
    package var isDefault: Bool?
    package var hours: BusinessHours?
    package var outOfHoursReply: Patch<String>
    package var reminder: Patch<(afterMinutes: Int, text: String)>
    package var autoCloseAfterMinutes: Patch<Int>
    package var autoAnswer: Bool?
    package var channelIDs: [UUID]?
    package var memberIDs: [UUID]?

    package init() {
        menuKey = .keep
        outOfHoursReply = .keep
        reminder = .keep
        autoCloseAfterMinutes = .keep
    }
}

/// A field of an update: left alone, cleared, or set.
package enum Patch<Value: Sendable>: Sendable {
    case keep
    case clear
    case set(Value)

    /// The new value given the current one.
    package func applied(to current: Value?) -> Value? {
        switch self {
        case .keep: current
        case .clear: nil
        case .set(let value): value
        }
    }
}
