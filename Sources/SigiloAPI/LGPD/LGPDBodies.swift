import Foundation
import SigiloCore
import SigiloStore

/// Request and response bodies of the LGPD routes: consents, data-subject requests, legal
/// holds and erasure receipts.
enum LGPDFields {
    /// A channel or reason code: lower-case letters, digits and `_`.
    static func code(_ value: String, field: String, maximum: Int) throws -> String {
        let valid =
            value.utf8.count <= maximum && value.first.map { $0 >= "a" && $0 <= "z" } == true
            && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard valid else {
            throw APIError.invalidField(
                field,
                expected: "1 to \(maximum) lower-case letters, digits or '_', starting with a letter"
            )
        }
        return value
    }

    /// A time in the past (a little clock skew allowed), not before the LGPD took effect.
    static func past(_ value: String?, field: String, now: Date = Date()) throws -> Date {
        guard let value else { return now }
        let date = try FieldRules.timestamp(value, field: field)
        // 2020-09-18: the LGPD in force (Lei 14.058/2020).
        guard date <= now.addingTimeInterval(300), date >= Date(timeIntervalSince1970: 1_600_387_200) else {
            throw APIError.invalidField(field, expected: "a past time, not before 2020-09-18")
        }
        return date
    }
}

struct ConsentInput: Decodable {
    var purpose: String
    var status: String
    var legalBasis: String?
    var channel: String?
    var evidence: String?
    var occurredAt: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case purpose, status, channel, evidence
        case legalBasis = "legal_basis"
        case occurredAt = "occurred_at"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        purpose = try container.decode(String.self, forKey: .purpose)
        status = try container.decode(String.self, forKey: .status)
        legalBasis = try container.decodeIfPresent(String.self, forKey: .legalBasis)
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
        evidence = try container.decodeIfPresent(String.self, forKey: .evidence)
        occurredAt = try container.decodeIfPresent(String.self, forKey: .occurredAt)
    }

    func change() throws -> ConsentRepository.Change {
        ConsentRepository.Change(
            purpose: try FieldRules.oneOf(purpose, as: ConsentPurpose.self, field: "purpose"),
            status: try FieldRules.oneOf(status, as: ConsentRecord.Status.self, field: "status"),
            legalBasis: try FieldRules.oneOf(legalBasis ?? "consent", as: LegalBasis.self, field: "legal_basis"),
            channel: try LGPDFields.code(channel ?? "api", field: "channel", maximum: 32),
            evidence: try evidence.map { try FieldRules.text($0, field: "evidence", characters: 1...500) },
            occurredAt: try LGPDFields.past(occurredAt, field: "occurred_at")
        )
    }
}

struct ConsentView: Encodable {
    var id: String
    var purpose: String
    var status: String
    var legalBasis: String
    var channel: String
    var evidence: String?
    var recordedBy: String
    var occurredAt: Date
    var recordedAt: Date

    init(_ record: ConsentRecord) {
        id = record.id.lowercasedString
        purpose = record.purpose.rawValue
        status = record.status.rawValue
        legalBasis = record.legalBasis.rawValue
        channel = record.channel
        evidence = record.evidence
        recordedBy = record.recordedBy
        occurredAt = record.occurredAt
        recordedAt = record.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, purpose, status, channel, evidence
        case legalBasis = "legal_basis"
        case recordedBy = "recorded_by"
        case occurredAt = "occurred_at"
        case recordedAt = "recorded_at"
    }
}

struct ConsentsView: Encodable {
    /// The latest record per purpose; a purpose never recorded is absent.
    var current: [String: ConsentView]
    /// Every record, newest first.
    var history: [ConsentView]

    init(_ history: [ConsentRecord]) {
        current = Dictionary(
            uniqueKeysWithValues: ConsentRecord.current(history).map { ($0.key.rawValue, ConsentView($0.value)) }
        )
        self.history = history.map(ConsentView.init)
    }
}

struct DSRInput: Decodable {
    var contactID: String
    var kind: String
    var channel: String?
    var details: String?
    var receivedAt: String?
    var reply: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, channel, details, reply
        case contactID = "contact_id"
        case receivedAt = "received_at"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contactID = try container.decode(String.self, forKey: .contactID)
        kind = try container.decode(String.self, forKey: .kind)
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
        details = try container.decodeIfPresent(String.self, forKey: .details)
        receivedAt = try container.decodeIfPresent(String.self, forKey: .receivedAt)
        reply = try container.decodeIfPresent(String.self, forKey: .reply)
    }

    func draft() throws -> DSRRepository.Draft {
        guard let contact = UUID(uuidString: contactID) else {
            throw APIError.invalidField("contact_id", expected: "the id of a contact of your tenant")
        }
        let kind = try FieldRules.oneOf(kind, as: DataSubjectRequest.Kind.self, field: "kind")
        let reply = try FieldRules.oneOf(reply ?? "complete", as: DataSubjectRequest.Reply.self, field: "reply")
        guard reply == .complete || DataSubjectRequest.allowsSimplified(kind) else {
            throw APIError.invalidField("reply", expected: "complete: only confirmation and access take simplified")
        }
        return DSRRepository.Draft(
            contact: contact,
            kind: kind,
            channel: try LGPDFields.code(channel ?? "api", field: "channel", maximum: 32),
            details: try details.map {
                try FieldRules.text($0, field: "details", characters: 1...2000, multiline: true)
            },
            receivedAt: try LGPDFields.past(receivedAt, field: "received_at"),
            reply: reply
        )
    }
}

/// `{"reason": …}` to reject a request, `{"outcome": …}` to complete one (both optional codes).
struct DSRDecisionInput: Decodable {
    var reason: String?
    var outcome: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case reason, outcome }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
    }
}

struct DSRView: Encodable {
    var id: String
    var contactID: String?
    var subjectID: String
    var kind: String
    var status: String
    var channel: String
    var details: String?
    var receivedAt: Date
    var dueAt: Date
    var overdue: Bool
    var createdBy: String
    var approvedBy: String?
    var approvedAt: Date?
    var closedBy: String?
    var closedAt: Date?
    var outcome: String?
    var updatedAt: Date
    var reply: String

    init(_ request: DataSubjectRequest, now: Date = Date()) {
        id = request.id.lowercasedString
        contactID = request.contact?.lowercasedString
        subjectID = request.subject.lowercasedString
        kind = request.kind.rawValue
        status = request.status.rawValue
        channel = request.channel
        details = request.details
        receivedAt = request.receivedAt
        dueAt = request.dueAt
        overdue = request.isOverdue(at: now)
        createdBy = request.createdBy
        approvedBy = request.approvedBy
        approvedAt = request.approvedAt
        closedBy = request.closedBy
        closedAt = request.closedAt
        outcome = request.outcome
        updatedAt = request.updatedAt
        reply = request.reply.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, status, channel, details, overdue, outcome, reply
        case contactID = "contact_id"
        case subjectID = "subject_id"
        case receivedAt = "received_at"
        case dueAt = "due_at"
        case createdBy = "created_by"
        case approvedBy = "approved_by"
        case approvedAt = "approved_at"
        case closedBy = "closed_by"
        case closedAt = "closed_at"
        case updatedAt = "updated_at"
    }
}

struct ErasureReceiptView: Encodable {
    var id: String
    var requestID: String
    var subjectID: String
    var executedAt: Date
    var executedBy: String
    var removed: [String: Int]
    /// The signed note; verify it with the audit checkpoint public key.
    var receipt: String

    init(_ receipt: ErasureRepository.Receipt) {
        id = receipt.id.lowercasedString
        requestID = receipt.request.lowercasedString
        subjectID = receipt.subject.lowercasedString
        executedAt = receipt.executedAt
        executedBy = receipt.executedBy
        removed = receipt.removed
        self.receipt = receipt.note
    }

    enum CodingKeys: String, CodingKey {
        case id, removed, receipt
        case requestID = "request_id"
        case subjectID = "subject_id"
        case executedAt = "executed_at"
        case executedBy = "executed_by"
    }
}
