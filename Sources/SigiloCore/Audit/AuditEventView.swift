import Foundation

/// An audit event as the compliance API and exports show it: the fields of the canonical
/// bytes, never the query columns, so what a reader sees is what the chain hashed.
public struct AuditEventView: Codable, Sendable, Equatable {
    public var seq: UInt64
    /// RFC 3339, UTC, microseconds (`2026-11-23T15:04:05.123456Z`).
    public var occurredAt: String
    /// The same instant in microseconds since the Unix epoch: the exact value hashed.
    public var occurredAtMicros: Int64
    public var actorKind: String
    public var actorID: String
    public var action: String
    public var resourceType: String
    public var resourceID: String
    public var subjectID: String
    public var purpose: String
    public var legalBasis: String
    public var outcome: String
    public var requestID: String
    public var details: [String: String]

    enum CodingKeys: String, CodingKey {
        case seq, action, purpose, outcome, details
        case occurredAt = "occurred_at"
        case occurredAtMicros = "occurred_at_us"
        case actorKind = "actor_kind"
        case actorID = "actor_id"
        case resourceType = "resource_type"
        case resourceID = "resource_id"
        case subjectID = "subject_id"
        case legalBasis = "legal_basis"
        case requestID = "request_id"
    }

    public init(_ event: AuditEvent) {
        seq = event.seq
        occurredAt = Self.rfc3339(micros: event.occurredAtMicros)
        occurredAtMicros = event.occurredAtMicros
        actorKind = event.actorKind
        actorID = event.actorID
        action = event.action
        resourceType = event.resourceType
        resourceID = event.resourceID
        subjectID = event.subjectID
        purpose = event.purpose
        legalBasis = event.legalBasis
        outcome = event.outcome
        requestID = event.requestID
        details = event.details
    }

    /// Whether this view states exactly `event` (the tenant is the export's).
    public func describes(_ event: AuditEvent) -> Bool {
        self == AuditEventView(event)
    }

    /// `micros` as RFC 3339 in UTC with six fractional digits, computed on integers.
    public static func rfc3339(micros: Int64) -> String {
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let wholeSeconds = fraction < 0 ? seconds - 1 : seconds
        let micro = fraction < 0 ? fraction + 1_000_000 : fraction
        var time = time_t(wholeSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
            parts.tm_year + 1900,
            parts.tm_mon + 1,
            parts.tm_mday,
            parts.tm_hour,
            parts.tm_min,
            parts.tm_sec,
            micro
        )
    }
}
