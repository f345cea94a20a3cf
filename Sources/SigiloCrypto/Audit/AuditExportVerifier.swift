import Crypto
package import Foundation
import SigiloCore

/// Verifies an NDJSON audit export with no database, fed one line at a time: the header,
/// every event (bytes decode, the readable copy states them exactly, the chain links and
/// hashes), every checkpoint (signature by a trusted key, origin of this tenant, root and
/// head at its size), and the trailer (the digest of every byte before it, signed).
///
/// The trust anchor is the verifier key given by the caller, never the one in the header.
package struct AuditExportVerifier: Sendable {
    /// What a valid export holds.
    package struct Report: Sendable, Equatable {
        package var tenantID: UUID
        package var firstSeq: UInt64
        package var lastSeq: UInt64
        package var events: UInt64
        package var checkpoints: Int
    }

    /// The first problem, with the line (from 1) and the seq where known.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package let line: Int
        package let seq: UInt64?
        package let reason: String

        package var description: String {
            "line \(line)" + (seq.map { " (seq \($0))" } ?? "") + ": \(reason)"
        }
    }

    private let verifiers: [NoteVerifier]
    private let decoder = JSONDecoder()
    private var lineNumber = 0
    private var digest = SHA256()
    private var header: AuditExport.Header?
    private var tenant: UUID?
    private var walk = AuditChainWalk(checkpoints: [])
    private var trailerSeen = false

    package init(verifiers: [NoteVerifier]) {
        self.verifiers = verifiers
    }

    /// Checks the next line (without its newline).
    package mutating func feed(_ line: Data) throws(Failure) {
        lineNumber += 1
        guard !trailerSeen else { throw failure("data after the trailer") }
        guard let type = (try? decoder.decode(LineType.self, from: line))?.type else {
            throw failure("not a JSON export line")
        }
        switch type {
        case "header" where header == nil: try start(line)
        case "event" where header != nil: try event(line)
        case "checkpoint" where header != nil: try checkpoint(line)
        case "trailer" where header != nil: try trailer(line)
        default: throw failure(header == nil ? "the export must start with its header" : "unexpected \(type) line")
        }
        if type != "trailer" {
            digest.update(data: line)
            digest.update(data: [0x0A])
        }
    }

    /// The report, once every line was fed.
    package func finish() throws(Failure) -> Report {
        guard let header, let tenant else { throw Failure(line: lineNumber, seq: nil, reason: "empty export") }
        guard trailerSeen else {
            throw Failure(line: lineNumber, seq: nil, reason: "no trailer: the export is cut short")
        }
        guard walk.nextSeq - 1 == header.lastSeq else {
            throw Failure(
                line: lineNumber,
                seq: walk.nextSeq,
                reason: "the header announces events up to \(header.lastSeq)"
            )
        }
        return Report(
            tenantID: tenant,
            firstSeq: header.firstSeq,
            lastSeq: header.lastSeq,
            events: header.lastSeq - header.firstSeq + 1,
            checkpoints: walk.matched.count
        )
    }

    private mutating func start(_ line: Data) throws(Failure) {
        guard let header = try? decoder.decode(AuditExport.Header.self, from: line),
            header.format == AuditExport.format, header.version == AuditExport.version,
            let tenant = UUID(uuidString: header.tenantID), header.firstSeq >= 1, header.lastSeq >= header.firstSeq - 1
        else { throw failure("not a version-1 export header") }
        if header.firstSeq > 1 {
            guard let start = header.start,
                let checkpoint = try? AuditCheckpoint.open(start.signedNote, verifiers: verifiers),
                checkpoint.origin.hasSuffix("/" + header.tenantID), checkpoint.size == header.firstSeq - 1
            else { throw failure("the starting checkpoint is missing or not signed by a trusted key") }
            let nodes = start.frontier.compactMap { Data(base64Encoded: $0) }
            guard nodes.count == start.frontier.count,
                let frontier = MerkleFrontier(size: checkpoint.size, serialized: nodes.reduce(Data(), +)),
                frontier.root == checkpoint.root
            else { throw failure("the starting frontier does not match its signed checkpoint") }
            walk = AuditChainWalk(frontier: frontier, previous: checkpoint.headHash, checkpoints: [])
        }
        self.header = header
        self.tenant = tenant
    }

    private mutating func event(_ line: Data) throws(Failure) {
        guard let item = try? decoder.decode(AuditExport.EventLine.self, from: line),
            let encoded = Data(base64Encoded: item.encoded), let previous = Data(base64Encoded: item.prevHash),
            let hash = Data(base64Encoded: item.hash), let leaf = Data(base64Encoded: item.leaf)
        else { throw failure("not an event line") }
        guard let event = try? AuditEncoding.decode(encoded), event.tenantID == tenant, event.seq == item.seq,
            item.event.describes(event)
        else { throw failure("the readable event differs from its canonical bytes", seq: item.seq) }
        if let finding = walk.step(seq: item.seq, encoded: encoded, previousHash: previous, hash: hash, leaf: leaf) {
            throw failure(finding.rawValue, seq: finding == .gap ? walk.nextSeq : item.seq)
        }
        guard item.seq <= header?.lastSeq ?? 0 else { throw failure("beyond the header's last seq", seq: item.seq) }
    }

    private mutating func checkpoint(_ line: Data) throws(Failure) {
        guard let item = try? decoder.decode(AuditExport.CheckpointLine.self, from: line) else {
            throw failure("not a checkpoint line")
        }
        guard let checkpoint = try? AuditCheckpoint.open(item.signedNote, verifiers: verifiers),
            checkpoint.size == item.size, checkpoint.origin.hasSuffix("/" + (header?.tenantID ?? "-"))
        else { throw failure("checkpoint_invalid", seq: item.size) }
        if let finding = walk.confirm(checkpoint) { throw failure(finding.rawValue, seq: item.size) }
    }

    private mutating func trailer(_ line: Data) throws(Failure) {
        guard let item = try? decoder.decode(AuditExport.Trailer.self, from: line), let origin = header?.origin else {
            throw failure("not a trailer line")
        }
        let computed = Data(digest.finalize())
        guard item.sha256 == computed.base64EncodedString() else {
            throw failure("the export's bytes differ from what the trailer's digest states")
        }
        guard let text = try? SignedNote.open(item.signedNote, verifiers: verifiers),
            text == AuditExport.trailerText(origin: origin, digest: computed)
        else { throw failure("the trailer is not signed by a trusted key") }
        trailerSeen = true
    }

    private func failure(_ reason: String, seq: UInt64? = nil) -> Failure {
        Failure(line: lineNumber, seq: seq, reason: reason)
    }

    private struct LineType: Decodable {
        let type: String
    }
}

extension AuditExportVerifier {
    /// Verifies the export in `file`, read in blocks (an export can be larger than memory).
    package static func verify(file: URL, verifiers: [NoteVerifier]) throws -> Report {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var verifier = AuditExportVerifier(verifiers: verifiers)
        var pending = Data()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            pending.append(block)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try verifier.feed(Data(pending[start..<newline]))
                start = newline + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try verifier.feed(pending) }
        return try verifier.finish()
    }
}
