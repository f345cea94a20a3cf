package import Foundation

/// A conversation seen as a ticket: its status, queue and assignee.
package struct Ticket: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        case open, pending, snoozed, closed
    }

    package var id: UUID
    package var source: String
    package var contactID: UUID?
    package var channelID: UUID?
    package var status: Status
    package var queueID: UUID?
    package var assigneeID: UUID?
    package var snoozedUntil: Date?
    package var pendingSince: Date?
    /// Since when the customer waits for an answer (nil when the last word was ours).
    package var awaitingSince: Date?
    package var firstResponseAt: Date?
    package var routedAt: Date?
    /// When the AI handed the conversation to people (automatic answers stop).
    package var handedOffAt: Date?
    package var openedAt: Date
    package var closedAt: Date?
    package var updatedAt: Date
    /// The pseudonymous data subject (the contact, or the integration conversation itself).
    package var subjectID: UUID
}

/// One step in a ticket's history.
package struct TicketEvent: Sendable, Equatable {
    package var id: UUID
    package var kind: String
    package var fromStatus: String?
    package var toStatus: String?
    package var fromQueue: UUID?
    package var toQueue: UUID?
    package var fromAssignee: UUID?
    package var toAssignee: UUID?
    package var actorKind: String
    package var actorID: String?
    /// Free text; may name people, so stored sealed under the subject's key.
    package var reason: String?
    package var occurredAt: Date
}

/// Who changes a ticket, for its history: a person, an API client, or Sigilo itself.
package struct TicketActor: Sendable {
    package var kind: String
    package var id: String?

    package init(kind: String, id: String?) {
        self.kind = kind
        self.id = id
    }

    package static let system = TicketActor(kind: "system", id: nil)
}
