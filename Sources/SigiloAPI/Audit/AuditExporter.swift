package import Foundation
package import Hummingbird
import SigiloCore
package import SigiloCrypto
package import SigiloStore

/// Streams a range of a tenant's trail as an NDJSON export (docs/audit-format.md §6) or CSV.
///
/// The range is widened at its start to the last signed checkpoint before it (or seq 1), so
/// the export verifies offline from that checkpoint. Events are read in chunks; memory does
/// not grow with the range.
package struct AuditExporter: Sendable {
    package enum Format: String, Sendable {
        case ndjson
        case csv
    }

    /// The events an export covers, and the checkpoint it starts from.
    package struct Plan: Sendable {
        package let first: UInt64
        package let last: UInt64
        package let start: StoredCheckpoint?
        package let checkpoints: [StoredCheckpoint]
    }

    private let trail: AuditTrail
    private let signer: NoteSigner
    static let chunk = 1000

    package init(trail: AuditTrail, signer: NoteSigner) {
        self.trail = trail
        self.signer = signer
    }

    /// The plan for events `requested` (clamped to the chain), or nil when it holds none.
    package func plan(tenant: UUID, requested: ClosedRange<UInt64>) async throws -> Plan? {
        let length = try await trail.length(tenant: tenant)
        let last = min(requested.upperBound, length)
        guard requested.lowerBound <= last else { return nil }
        let checkpoints = try await trail.checkpoints(tenant: tenant)
        let start = checkpoints.last { $0.checkpoint.size < requested.lowerBound && $0.frontier != nil }
        let first = (start?.checkpoint.size ?? 0) + 1
        return Plan(
            first: first,
            last: last,
            start: start,
            checkpoints: checkpoints.filter { (first...last).contains($0.checkpoint.size) }
        )
    }

    /// The response body of `plan` in `format`.
    package func body(tenant: UUID, plan: Plan, format: Format) -> ResponseBody {
        ResponseBody { [self] writer in
            switch format {
            case .ndjson: try await ndjson(tenant: tenant, plan: plan, into: &writer)
            case .csv: try await csv(tenant: tenant, plan: plan, into: &writer)
            }
            try await writer.finish(nil)
        }
    }

    private func ndjson(tenant: UUID, plan: Plan, into writer: inout any ResponseBodyWriter) async throws {
        let origin = AuditCheckpoint.origin(keyName: signer.verifier.name, tenant: tenant)
        var lines = AuditExport.Writer()
        let header = AuditExport.Header(
            tenantID: tenant,
            origin: origin,
            publicKeys: [signer.verifier.encoded],
            firstSeq: plan.first,
            lastSeq: plan.last,
            start: plan.start.flatMap { start in
                start.frontier.map { AuditExport.Start(signedNote: start.signedNote, frontier: $0) }
            },
            exportedAt: AuditEventView.rfc3339(micros: Int64(Date().timeIntervalSince1970 * 1_000_000))
        )
        try await writer.write(ByteBuffer(bytes: try lines.line(header)))
        var checkpoints = plan.checkpoints[...]
        try await forEachChunk(tenant: tenant, plan: plan) { entries in
            var buffer = ByteBuffer()
            for entry in entries {
                buffer.writeBytes(
                    try lines.line(
                        AuditExport.EventLine(
                            encoded: entry.encoded,
                            previousHash: entry.previousHash,
                            hash: entry.hash,
                            leaf: entry.leaf,
                            event: entry.event
                        )
                    )
                )
                while let checkpoint = checkpoints.first, checkpoint.checkpoint.size == entry.event.seq {
                    buffer.writeBytes(
                        try lines.line(
                            AuditExport.CheckpointLine(
                                size: checkpoint.checkpoint.size,
                                signedNote: checkpoint.signedNote
                            )
                        )
                    )
                    checkpoints.removeFirst()
                }
            }
            try await writer.write(buffer)
        }
        try await writer.write(ByteBuffer(bytes: try lines.trailer(origin: origin, signer: signer)))
    }

    private func csv(tenant: UUID, plan: Plan, into writer: inout any ResponseBodyWriter) async throws {
        var text =
            CSVText.row(CSVText.columns) + CSVText.row(["public_key"] + CSVText.blank(17) + [signer.verifier.encoded])
        var checkpoints = plan.checkpoints[...]
        try await forEachChunk(tenant: tenant, plan: plan) { entries in
            for entry in entries {
                text += CSVText.row(CSVText.fields(entry))
                while let checkpoint = checkpoints.first, checkpoint.checkpoint.size == entry.event.seq {
                    text += CSVText.row(
                        ["checkpoint", "\(checkpoint.checkpoint.size)"] + CSVText.blank(16) + [checkpoint.signedNote]
                    )
                    checkpoints.removeFirst()
                }
            }
            try await writer.write(ByteBuffer(string: text))
            text = ""
        }
        if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
    }

    private func forEachChunk(
        tenant: UUID,
        plan: Plan,
        _ body: ([AuditTrail.Entry]) async throws -> Void
    ) async throws {
        var next = plan.first
        while next <= plan.last {
            let entries = try await trail.range(tenant: tenant, first: next, last: plan.last, limit: Self.chunk)
            guard let last = entries.last, entries.first?.event.seq == next else {
                throw AuditTrail.Undecodable(seq: next)
            }
            try await body(entries)
            next = last.event.seq + 1
        }
    }
}

/// CSV (RFC 4180) for spreadsheets. Cells that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`, so the CSV is for
/// reading; offline verification uses the NDJSON export.
enum CSVText {
    static let columns = [
        "record", "seq", "occurred_at", "actor_kind", "actor_id", "action", "resource_type", "resource_id",
        "subject_id", "purpose", "legal_basis", "outcome", "request_id", "details", "encoded", "prev_hash", "hash",
        "leaf", "signed_note",
    ]

    static func blank(_ count: Int) -> [String] { Array(repeating: "", count: count) }

    static func fields(_ entry: AuditTrail.Entry) -> [String] {
        let view = AuditEventView(entry.event)
        return [
            "event", "\(view.seq)", view.occurredAt, view.actorKind, view.actorID, view.action, view.resourceType,
            view.resourceID, view.subjectID, view.purpose, view.legalBasis, view.outcome, view.requestID,
            JSONText.object(view.details), entry.encoded.base64EncodedString(),
            entry.previousHash.base64EncodedString(), entry.hash.base64EncodedString(),
            entry.leaf.base64EncodedString(), "",
        ]
    }

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
