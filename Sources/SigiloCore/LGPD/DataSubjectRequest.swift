package import Foundation

/// A data subject's request under LGPD Art. 18, and its deadline (Art. 19).
package struct DataSubjectRequest: Sendable, Equatable {
    /// The rights of Art. 18 a request exercises.
    package enum Kind: String, Sendable, CaseIterable, Codable {
        /// I: confirmation that data is processed.
        case confirmation
        /// II: access to the data.
        case access
        /// V: portability to another provider.
        case portability
        /// III: correction of incomplete, inaccurate or outdated data.
        case correction
        /// IV: anonymisation, blocking or deletion of unnecessary or excessive data.
        case anonymisation
        /// VI: deletion of data processed with consent.
        case erasure
        /// IX: revocation of consent.
        case consentRevocation = "consent_revocation"
        /// VII: information on public and private entities the data was shared with.
        case sharingInformation = "sharing_information"
    }

    package enum Status: String, Sendable, CaseIterable, Codable {
        case open, approved, completed, rejected

        /// Still awaiting a reply.
        package var isPending: Bool { self == .open || self == .approved }
    }

    /// Art. 19: a confirmation or access may be answered in simplified form at once (I), or by
    /// a complete declaration within 15 days (II), as the subject asks.
    package enum Reply: String, Sendable, CaseIterable, Codable {
        case simplified, complete
    }

    /// Art. 19 II: the full reply within 15 days of the request.
    package static let fullReplyPeriod: TimeInterval = 15 * 24 * 3600

    package var id: UUID
    /// Cleared once the subject is erased.
    package var contact: UUID?
    /// Pseudonymous, kept after erasure.
    package var subject: UUID
    package var kind: Kind
    package var status: Status
    package var channel: String
    /// Free text about the request (personal data, sealed); nil once unreadable.
    package var details: String?
    package var receivedAt: Date
    package var dueAt: Date
    package var createdBy: String
    package var approvedBy: String?
    package var approvedAt: Date?
    package var closedBy: String?
    package var closedAt: Date?
    package var outcome: String?
    package var updatedAt: Date
    package var reply: Reply

    package init(
        id: UUID,
        contact: UUID?,
        subject: UUID,
        kind: Kind,
        status: Status,
        channel: String,
        details: String?,
        receivedAt: Date,
        dueAt: Date,
        createdBy: String,
        approvedBy: String? = nil,
        approvedAt: Date? = nil,
        closedBy: String? = nil,
        closedAt: Date? = nil,
        outcome: String? = nil,
        updatedAt: Date,
        reply: Reply = .complete
    ) {
        self.id = id
        self.contact = contact
        self.subject = subject
        self.kind = kind
        self.status = status
        self.channel = channel
        self.details = details
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.createdBy = createdBy
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.outcome = outcome
        self.updatedAt = updatedAt
        self.reply = reply
    }

    /// The deadline of a request received at `receivedAt`: at once for a simplified reply,
    /// 15 days later for a complete one.
    package static func dueDate(receivedAt: Date, reply: Reply = .complete) -> Date {
        reply == .simplified ? receivedAt : receivedAt.addingTimeInterval(fullReplyPeriod)
    }

    /// Whether `kind` may be answered in simplified form (Art. 19 I: confirmation, access).
    package static func allowsSimplified(_ kind: Kind) -> Bool {
        kind == .confirmation || kind == .access
    }

    /// Past its deadline and still unanswered at `now`.
    package func isOverdue(at now: Date) -> Bool {
        status.isPending && now > dueAt
    }
}
