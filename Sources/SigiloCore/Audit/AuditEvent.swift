public import Foundation

/// One audit event as the chain hashes it (docs/audit-format.md): who did what to whose data,
/// why, with what outcome. It holds no personal data: subjects are pseudonymous ids and
/// `details` carry ids and counts, never names, numbers or message text.
public struct AuditEvent: Sendable, Equatable {
    public var tenantID: UUID
    /// Position in the tenant's chain, from 1.
    public var seq: UInt64
    /// Microseconds since 1970-01-01T00:00:00Z (UTC), so the encoding never depends on a
    /// date formatter or a floating-point rounding.
    public var occurredAtMicros: Int64
    /// `user`, `client`, `system`, `operator` or `subject`.
    public var actorKind: String
    public var actorID: String
    /// What happened, e.g. `contact.read`, `auth.login`.
    public var action: String
    public var resourceType: String
    public var resourceID: String
    /// The pseudonymous id of the data subject whose data was touched (empty when none).
    public var subjectID: String
    /// Why, e.g. `customer_service`.
    public var purpose: String
    /// The LGPD legal basis (Art. 7 / 11), e.g. `contract`, `consent`, `legal_obligation`.
    public var legalBasis: String
    /// `success`, `denied` or `failure`.
    public var outcome: String
    public var requestID: String
    /// Extra facts without personal data; encoded sorted by key, keys unique.
    public var details: [String: String]

    public init(
        tenantID: UUID,
        seq: UInt64,
        occurredAtMicros: Int64,
        actorKind: String,
        actorID: String,
        action: String,
        resourceType: String,
        resourceID: String,
        subjectID: String,
        purpose: String,
        legalBasis: String,
        outcome: String,
        requestID: String,
        details: [String: String]
    ) {
        self.tenantID = tenantID
        self.seq = seq
        self.occurredAtMicros = occurredAtMicros
        self.actorKind = actorKind
        self.actorID = actorID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.subjectID = subjectID
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.outcome = outcome
        self.requestID = requestID
        self.details = details
    }
}
