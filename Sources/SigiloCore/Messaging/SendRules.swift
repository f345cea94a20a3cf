package import Foundation

/// Whether a message may go to a contact now, decided before anything is queued
/// (shared/reference/whatsapp-cloud-api.md §7): opt-outs first, then a number Meta reported
/// undeliverable, then the 24-hour customer-service window, then consent for what the
/// business starts.
package enum SendRules {
    /// Why a message may not be sent.
    package enum Refusal: String, Sendable, Equatable, Error {
        /// The contact opted out (or wrote STOP/SAIR/PARAR), or stopped marketing messages
        /// and this is a marketing template.
        case optedOut = "opted_out"
        /// Meta reported the number undeliverable.
        case invalidNumber = "invalid_number"
        /// Free-form messages need the customer to have written in the last 24 hours.
        case windowClosed = "window_closed"
        /// A business-initiated template needs the contact's opt-in.
        case consentRequired = "consent_required"
    }

    /// How long a customer's message keeps the window open.
    package static let window: TimeInterval = 24 * 60 * 60

    /// What is known of the recipient when a message is about to be queued.
    package struct Recipient: Sendable {
        package var optIn: OptInStatus
        package var marketingOptOut: Bool
        package var invalidNumber: Bool
        package var lastInboundAt: Date?

        package init(optIn: OptInStatus, marketingOptOut: Bool, invalidNumber: Bool, lastInboundAt: Date?) {
            self.optIn = optIn
            self.marketingOptOut = marketingOptOut
            self.invalidNumber = invalidNumber
            self.lastInboundAt = lastInboundAt
        }

        /// Whether the customer-service window is open at `now`.
        package func windowOpen(at now: Date) -> Bool {
            guard let lastInboundAt else { return false }
            return now.timeIntervalSince(lastInboundAt) < SendRules.window
        }
    }

    /// The refusal for sending `content` to `recipient` at `now`, or nil when it may go.
    /// - Parameter templateCategory: The template's category (`marketing`, `utility`,
    ///   `authentication`) when `content` is a template.
    package static func refusal(
        sending content: MessageContent,
        templateCategory: String?,
        to recipient: Recipient,
        at now: Date
    ) -> Refusal? {
        if recipient.optIn == .optedOut { return .optedOut }
        let isTemplate = content.type == "template"
        if isTemplate, templateCategory == "marketing", recipient.marketingOptOut { return .optedOut }
        if recipient.invalidNumber { return .invalidNumber }
        let open = recipient.windowOpen(at: now)
        if !isTemplate { return open ? nil : .windowClosed }
        if !open, recipient.optIn != .optedIn { return .consentRequired }
        return nil
    }

    /// Whether an inbound text asks to stop messages: STOP, SAIR, PARAR, CANCELAR or
    /// DESCADASTRAR alone, in any case, accents and surrounding punctuation ignored.
    package static func isStopRequest(_ text: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols))
            .uppercased()
        return ["STOP", "SAIR", "PARAR", "CANCELAR", "DESCADASTRAR", "UNSUBSCRIBE"].contains(folded)
    }
}
