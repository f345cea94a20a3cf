import Foundation
import Hummingbird
import SigiloCore
import SigiloStore

/// `GET /audit/events`: a page of events and the cursor of the next one.
struct EventPage: Encodable {
    struct Item: Encodable {
        let event: AuditEventView
        /// The event's chain hash, base64.
        let hash: String

        init(_ entry: AuditTrail.Entry) {
            event = AuditEventView(entry.event)
            hash = entry.hash.base64EncodedString()
        }

        func encode(to encoder: any Encoder) throws {
            try event.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(hash, forKey: .hash)
        }

        enum Key: String, CodingKey { case hash }
    }

    let events: [Item]
    /// Pass as `after` for the next page; null on the last.
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(events, forKey: .events)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case events, next }
}

/// `GET /audit/events/{seq}/proof`: an RFC 6962 inclusion proof of one event in the tree a
/// signed checkpoint commits to.
struct InclusionProof: Encodable {
    let seq: UInt64
    let leafIndex: UInt64
    let leafHash: String
    let encoded: String
    let event: AuditEventView
    let treeSize: UInt64
    let rootHash: String
    let signedNote: String
    let proof: [String]

    enum CodingKeys: String, CodingKey {
        case seq, encoded, event, proof
        case leafIndex = "leaf_index"
        case leafHash = "leaf_hash"
        case treeSize = "tree_size"
        case rootHash = "root_hash"
        case signedNote = "signed_note"
    }
}

/// `GET /audit/verify`.
struct VerificationBody: Encodable {
    struct Broken: Encodable {
        let seq: UInt64
        let reason: String
    }

    /// `intact` or `broken`.
    let status: String
    let events: UInt64
    let firstSeq: UInt64
    let checkpointsMatched: Int
    let lastCheckpoint: UInt64?
    let broken: Broken?
    let detail: String?
    let durationMs: Int

    enum CodingKeys: String, CodingKey {
        case status, events, broken, detail
        case firstSeq = "first_seq"
        case checkpointsMatched = "checkpoints_matched"
        case lastCheckpoint = "last_checkpoint"
        case durationMs = "duration_ms"
    }

    init(_ report: AuditVerifier.Report, milliseconds: Int) {
        switch report.outcome {
        case .intact(let events):
            status = "intact"
            self.events = events
            broken = nil
        case .broken(let seq, let reason):
            status = "broken"
            events = seq > 0 ? seq - 1 : 0
            broken = Broken(seq: seq, reason: reason.rawValue)
        }
        firstSeq = report.firstSeq
        checkpointsMatched = report.checkpointsMatched
        lastCheckpoint = report.lastCheckpoint
        detail = report.detail
        durationMs = milliseconds
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(events, forKey: .events)
        try container.encode(firstSeq, forKey: .firstSeq)
        try container.encode(checkpointsMatched, forKey: .checkpointsMatched)
        try container.encode(lastCheckpoint, forKey: .lastCheckpoint)
        try container.encode(broken, forKey: .broken)
        try container.encode(detail, forKey: .detail)
        try container.encode(durationMs, forKey: .durationMs)
    }
}

/// The query parameters of the audit routes, validated with errors that name the parameter.
struct AuditQuery {
    let request: Request

    init(_ request: Request) {
        self.request = request
    }

    func text(_ name: String) throws -> String? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        guard (1...200).contains(value.utf8.count) else {
            throw APIError.invalidField(name, expected: "1 to 200 characters")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            let bound = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw APIError.invalidField(name, expected: "an integer from \(range.lowerBound)\(bound)")
        }
        return number
    }

    /// An RFC 3339 time (`2026-11-23T12:00:00Z`, fractional seconds allowed).
    func time(_ name: String) throws -> Date? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: value) else {
            throw APIError.invalidField(name, expected: "an RFC 3339 time such as 2026-11-23T12:00:00Z")
        }
        return date
    }
}
