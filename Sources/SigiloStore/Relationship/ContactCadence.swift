package import Foundation
package import SigiloCore

/// A contact's relationship cadence: every `every` `unit`, the approved template is sent.
package struct ContactCadence: Sendable, Equatable {
    package enum State: String, Sendable {
        case active, unresponsive, paused
    }

    package var contactID: UUID
    /// The contact's interval (nil when it was removed from the contact: nothing is sent).
    package var interval: Cadence?
    package var templateID: UUID
    package var channelID: UUID?
    package var arguments: TemplateArguments?
    package var nextDueAt: Date
    /// Messages sent since the customer last wrote.
    package var attempts: Int
    package var lastSentAt: Date?
    package var lastMessageID: UUID?
    package var state: State
    /// Why the last due message was not sent (a send rule's code, such as `opted_out`).
    package var skippedReason: String?
    /// Meta reported the number undeliverable: skipped until the contact gets a new one.
    package var invalidNumber: Bool
    package var updatedAt: Date
}

/// What a cadence is set with.
package struct CadencePlan: Sendable {
    package var interval: Cadence
    package var templateID: UUID
    package var channelID: UUID?
    package var arguments: TemplateArguments?
    /// The first due time; nil means one interval from now.
    package var firstDueAt: Date?

    package init(
        interval: Cadence,
        templateID: UUID,
        channelID: UUID?,
        arguments: TemplateArguments?,
        firstDueAt: Date?
    ) {
        self.interval = interval
        self.templateID = templateID
        self.channelID = channelID
        self.arguments = arguments
        self.firstDueAt = firstDueAt
    }
}
