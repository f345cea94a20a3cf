import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// A tenant's events `from…through`, in seq order, fetched in chunks of 32,768 seqs. Each event
/// comes as one packed `bytea` built by PostgreSQL (one value per row decodes far faster than
/// nine columns; one row per chunk is slower still, PostgresNIO being slow with messages of
/// megabytes). Two chunks are fetched ahead, each on its own connection, while the current
/// one is checked: measured in docs/audit-format.md §7 and the `make bench` report.
///
/// Only what the check needs is packed: the bytes and hashes, and the columns that select
/// rows (time, actor, action, subject), which must agree with the bytes; the other columns
/// are never read back (the API shows events decoded from the bytes).
struct AuditEventChunks: AsyncSequence, Sendable {
    typealias Element = AuditEventChunk

    let database: Database
    let tenant: UUID
    let from: UInt64
    let through: UInt64
    var chunkSize: UInt64 = 32768
    var ahead = 2

    /// The text columns compared with the bytes, in packing order; they are strings 1, 2 and 5
    /// of the ten in the encoding (docs/audit-format.md §2), as ``AuditEventChunk`` checks.
    static let comparedColumns = ["actor_id", "action", "subject_id"]

    /// Each event: seq (i64), occurred_at as PostgreSQL sends it (i64 µs since 2000-01-01), the
    /// length of the bytes (i32), the bytes, prev_hash, hash, leaf (32 each), then each compared
    /// column as its length (i32) and UTF-8 bytes.
    static let packedRow =
        "int8send(seq) || timestamptz_send(occurred_at) || int4send(length(encoded)) || encoded || prev_hash || hash || leaf"
        + comparedColumns.map { " || int4send(octet_length(\($0))) || textsend(\($0))" }.joined()

    func makeAsyncIterator() -> Iterator {
        var iterator = Iterator(source: self, next: from)
        iterator.refill()
        return iterator
    }

    fileprivate func fetch(_ first: UInt64) -> Task<AuditEventChunk, any Error> {
        let last = Swift.min(through, first + chunkSize - 1)
        return Task { [database, tenant] in
            try await database.withTenant(tenant) { connection in
                // Walk the primary key in order: for a range this large the planner otherwise
                // picks a bitmap scan, or a parallel one, and a sort that spills to disk.
                try await connection.run(
                    """
                    SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true),
                        set_config('max_parallel_workers_per_gather', '0', true)
                    """
                )
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT \(Self.packedRow) FROM audit_events WHERE seq >= $1 AND seq <= $2 ORDER BY seq",
                        binds: {
                            var binds = PostgresBindings(capacity: 2)
                            binds.append(Int64(first))
                            binds.append(Int64(last))
                            return binds
                        }()
                    ),
                    logger: Database.silentLogger
                )
                var packed = ByteBuffer()
                packed.reserveCapacity(Int(last - first + 1) * 600)
                for try await row in rows.decode(ByteBuffer.self) {
                    var row = row
                    packed.writeBuffer(&row)
                }
                return AuditEventChunk(tenant: tenant, bytes: packed)
            }
        }
    }

    struct Iterator: AsyncIteratorProtocol {
        let source: AuditEventChunks
        /// The first seq of the next chunk to request.
        var next: UInt64
        var pending: [Task<AuditEventChunk, any Error>] = []

        fileprivate mutating func refill() {
            while pending.count < source.ahead, next <= source.through {
                pending.append(source.fetch(next))
                next += source.chunkSize
            }
        }

        mutating func next() async throws -> AuditEventChunk? {
            guard !pending.isEmpty else { return nil }
            let task = pending.removeFirst()
            refill()
            return try await task.value
        }
    }
}

/// One packed chunk of events (see ``AuditEventChunks/packedRow``).
struct AuditEventChunk: Sendable {
    let tenant: UUID
    let bytes: ByteBuffer

    /// Checks each event's bytes against its columns, then steps `walk` over it; the first
    /// bad event's seq and why, or nil. Allocates nothing per event.
    func walk(_ walk: inout AuditChainWalk) -> (UInt64, AuditVerifier.Reason)? {
        withUnsafeBytes(of: tenant.uuid) { tenantBytes in
            bytes.withUnsafeReadableBytes { buffer -> (UInt64, AuditVerifier.Reason)? in
                var cursor = PackedCursor(buffer: buffer)
                while !cursor.atEnd {
                    guard let seq = cursor.uint64(), let postgresMicros = cursor.uint64(), let length = cursor.uint32(),
                        let encoded = cursor.bytes(Int(length)), let previous = cursor.bytes(32),
                        let hash = cursor.bytes(32), let leaf = cursor.bytes(32), let actor = cursor.text(),
                        let action = cursor.text(), let subject = cursor.text()
                    else { return (walk.nextSeq, .undecodable) }
                    // timestamptz counts from 2000-01-01; the encoding from 1970-01-01.
                    let micros = postgresMicros &+ 946_684_800_000_000
                    if let reason = Self.check(
                        encoded,
                        seq: seq,
                        micros: micros,
                        tenant: tenantBytes,
                        columns: (actor, action, subject)
                    ) {
                        return (seq, reason)
                    }
                    if let finding = walk.step(
                        seq: seq,
                        encoded: encoded,
                        previousHash: previous,
                        hash: hash,
                        leaf: leaf
                    ) {
                        // A gap is reported at the missing seq; a checkpoint mismatch at the checkpoint's size.
                        return (finding == .gap ? walk.nextSeq : seq, AuditVerifier.Reason(finding))
                    }
                }
                return nil
            }
        }
    }

    /// Walks the version-1 layout of `encoded` (docs/audit-format.md §2) without building an
    /// event: every field must be where the layout says, with nothing after, and the fields
    /// that select rows must equal their columns.
    private static func check(
        _ encoded: UnsafeRawBufferPointer,
        seq: UInt64,
        micros: UInt64,
        tenant: UnsafeRawBufferPointer,
        columns: (actor: UnsafeRawBufferPointer, action: UnsafeRawBufferPointer, subject: UnsafeRawBufferPointer)
    ) -> AuditVerifier.Reason? {
        var cursor = PackedCursor(buffer: encoded)
        guard cursor.bytes(1)?.first == AuditEncoding.version, let tenantField = cursor.bytes(16),
            let seqField = cursor.uint64(), let microsField = cursor.uint64()
        else { return .undecodable }
        var matches = same(tenantField, tenant) && seqField == seq && microsField == micros
        for field in 0..<10 {
            guard let text = cursor.text() else { return .undecodable }
            switch field {  // actor_id, action, subject_id: see AuditEventChunks.comparedColumns
            case 1: matches = matches && same(text, columns.actor)
            case 2: matches = matches && same(text, columns.action)
            case 5: matches = matches && same(text, columns.subject)
            default: break
            }
        }
        guard let details = cursor.uint32(), details <= AuditEncoding.maximumDetails else { return .undecodable }
        for _ in 0..<(details * 2) {
            guard cursor.text() != nil else { return .undecodable }
        }
        guard cursor.atEnd else { return .undecodable }
        return matches ? nil : .columnMismatch
    }

    private static func same(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        left.count == right.count && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
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

    /// A length-prefixed (u32) byte string.
    mutating func text() -> UnsafeRawBufferPointer? {
        guard let length = uint32() else { return nil }
        return bytes(Int(length))
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
