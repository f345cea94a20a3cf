import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// A tenant's events in seq order, fetched in chunks of packed bytes: one row per chunk, built
/// by PostgreSQL with `string_agg`, so a million events cost a few hundred round trips and no
/// per-row decoding. The next chunk is fetched while the current one is checked.
struct AuditEventChunks: AsyncSequence, Sendable {
    typealias Element = AuditEventChunk

    let connection: PostgresConnection
    let tenant: UUID
    let from: UInt64
    var chunkSize = 8192

    /// Each event: seq (i64), occurred_at in µs (i64), the length of the bytes (i32), the
    /// bytes, prev_hash, hash, leaf (32 each), then the ten text columns in encoding order,
    /// each as its length (i32) and UTF-8 bytes.
    static let textColumns = [
        "actor_kind", "actor_id", "action", "resource_type", "resource_id", "subject_id", "purpose", "legal_basis",
        "outcome", "request_id",
    ]
    static let packedRow =
        "int8send(seq) || int8send((extract(epoch FROM occurred_at) * 1000000)::int8) || int4send(length(encoded)) || encoded || prev_hash || hash || leaf"
        + textColumns.map { " || int4send(octet_length(\($0))) || convert_to(\($0), 'UTF8')" }.joined()

    func makeAsyncIterator() -> Iterator {
        Iterator(source: self, pending: fetch(from: from))
    }

    private func fetch(from seq: UInt64) -> Task<AuditEventChunk?, any Error> {
        Task { [connection, tenant, chunkSize] in
            let query = PostgresQuery(
                unsafeSQL: """
                    SELECT count(*)::int8, coalesce(max(seq), 0), coalesce(string_agg(\(Self.packedRow), ''::bytea ORDER BY seq), ''::bytea)
                    FROM (SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2) e
                    """,
                binds: {
                    var binds = PostgresBindings(capacity: 2)
                    binds.append(Int64(seq))
                    binds.append(Int64(chunkSize))
                    return binds
                }()
            )
            let rows = try await connection.query(query, logger: Database.silentLogger)
            for try await (count, last, bytes) in rows.decode((Int64, Int64, ByteBuffer).self) where count > 0 {
                return AuditEventChunk(tenant: tenant, bytes: bytes, lastSeq: UInt64(last))
            }
            return nil
        }
    }

    struct Iterator: AsyncIteratorProtocol {
        let source: AuditEventChunks
        var pending: Task<AuditEventChunk?, any Error>?

        mutating func next() async throws -> AuditEventChunk? {
            guard let task = pending else { return nil }
            guard let chunk = try await task.value else {
                pending = nil
                return nil
            }
            pending = source.fetch(from: chunk.lastSeq + 1)
            return chunk
        }
    }
}

/// One packed chunk of events (see ``AuditEventChunks/packedRow``).
struct AuditEventChunk: Sendable {
    let tenant: UUID
    let bytes: ByteBuffer
    let lastSeq: UInt64

    /// Checks each event's bytes against its columns, then steps `walk` over it; the first
    /// bad event's seq and why, or nil.
    func walk(_ walk: inout AuditChainWalk) -> (UInt64, AuditVerifier.Reason)? {
        let tenantBytes = withUnsafeBytes(of: tenant.uuid) { Array($0) }
        return bytes.withUnsafeReadableBytes { buffer -> (UInt64, AuditVerifier.Reason)? in
            var cursor = PackedCursor(buffer: buffer)
            while !cursor.atEnd {
                guard let seq = cursor.uint64(), let micros = cursor.uint64(), let length = cursor.uint32(),
                    let encoded = cursor.bytes(Int(length)), let previous = cursor.bytes(32),
                    let hash = cursor.bytes(32),
                    let leaf = cursor.bytes(32)
                else { return (walk.nextSeq, .undecodable) }
                var columns: [UnsafeRawBufferPointer] = []
                for _ in 0..<AuditEventChunks.textColumns.count {
                    guard let size = cursor.uint32(), let text = cursor.bytes(Int(size)) else {
                        return (seq, .undecodable)
                    }
                    columns.append(text)
                }
                if let reason = Self.check(encoded, seq: seq, micros: micros, tenant: tenantBytes, columns: columns) {
                    return (seq, reason)
                }
                if let finding = walk.step(seq: seq, encoded: encoded, previousHash: previous, hash: hash, leaf: leaf) {
                    // A gap is reported at the missing seq; a checkpoint mismatch at the checkpoint's size.
                    return (finding == .gap ? walk.nextSeq : seq, AuditVerifier.Reason(finding))
                }
            }
            return nil
        }
    }

    /// Walks the version-1 layout of `encoded` (docs/audit-format.md §2) without building an
    /// event: every field must be where the layout says and equal its column, with nothing after.
    private static func check(
        _ encoded: UnsafeRawBufferPointer,
        seq: UInt64,
        micros: UInt64,
        tenant: [UInt8],
        columns: [UnsafeRawBufferPointer]
    ) -> AuditVerifier.Reason? {
        var cursor = PackedCursor(buffer: encoded)
        guard cursor.bytes(1)?.first == AuditEncoding.version, let tenantField = cursor.bytes(16),
            let seqField = cursor.uint64(), let microsField = cursor.uint64()
        else { return .undecodable }
        var strings: [UnsafeRawBufferPointer] = []
        for _ in columns {
            guard let size = cursor.uint32(), let text = cursor.bytes(Int(size)) else { return .undecodable }
            strings.append(text)
        }
        guard let details = cursor.uint32(), details <= AuditEncoding.maximumDetails else { return .undecodable }
        for _ in 0..<(details * 2) {
            guard let size = cursor.uint32(), cursor.bytes(Int(size)) != nil else { return .undecodable }
        }
        guard cursor.atEnd else { return .undecodable }
        guard tenantField.elementsEqual(tenant), seqField == seq, microsField == micros,
            zip(strings, columns).allSatisfy({ $0.elementsEqual($1) })
        else { return .columnMismatch }
        return nil
    }
}

/// Reads big-endian integers and byte ranges off a buffer; nil past its end.
private struct PackedCursor {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    var atEnd: Bool { offset == buffer.count }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, buffer.count - offset >= count else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    mutating func uint64() -> UInt64? {
        bytes(8).map { $0.loadUnaligned(as: UInt64.self).bigEndian }
    }

    mutating func uint32() -> UInt32? {
        bytes(4).map { $0.loadUnaligned(as: UInt32.self).bigEndian }
    }
}

extension AuditVerifier.Reason {
    init(_ finding: AuditChainWalk.Finding) {
        switch finding {
        case .gap: self = .gap
        case .previousMismatch: self = .previousMismatch
        case .hashMismatch: self = .hashMismatch
        case .leafMismatch: self = .leafMismatch
        case .checkpointMismatch: self = .checkpointMismatch
        }
    }
}
