package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// Reads of a tenant's audit trail for the compliance officer: filtered pages, ranges for
/// export, checkpoints, and the leaves an inclusion proof needs.
///
/// Events are returned decoded from their canonical bytes, never from the query columns: the
/// columns only select rows, the bytes are what the chain vouches for.
package struct AuditTrail: Sendable {
    /// An event with the bytes and hashes it is stored with.
    package struct Entry: Sendable, Equatable {
        package let event: AuditEvent
        package let encoded: Data
        package let previousHash: Data
        package let hash: Data
        package let leaf: Data
    }

    /// Which events a page holds; nil fields do not filter.
    package struct Filter: Sendable, Equatable {
        package var from: Date?
        package var to: Date?
        package var actorID: String?
        package var subjectID: String?
        package var action: String?

        package init(
            from: Date? = nil,
            to: Date? = nil,
            actorID: String? = nil,
            subjectID: String? = nil,
            action: String? = nil
        ) {
            self.from = from
            self.to = to
            self.actorID = actorID
            self.subjectID = subjectID
            self.action = action
        }
    }

    /// A stored event whose bytes are not a valid event: the trail was tampered with.
    package struct Undecodable: Error, Sendable, Equatable {
        package let seq: UInt64

        package init(seq: UInt64) {
            self.seq = seq
        }
    }

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Events matching `filter` with seq after `after`, ascending, at most `limit`.
    package func page(tenant: UUID, filter: Filter, after: UInt64, limit: Int) async throws -> [Entry] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT seq, encoded, prev_hash, hash, leaf FROM audit_events
                WHERE seq > \(Int64(after))
                  AND (\(filter.from)::timestamptz IS NULL OR occurred_at >= \(filter.from)::timestamptz)
                  AND (\(filter.to)::timestamptz IS NULL OR occurred_at < \(filter.to)::timestamptz)
                  AND (\(filter.actorID)::text IS NULL OR actor_id = \(filter.actorID)::text)
                  AND (\(filter.subjectID)::text IS NULL OR subject_id = \(filter.subjectID)::text)
                  AND (\(filter.action)::text IS NULL OR action = \(filter.action)::text)
                ORDER BY seq LIMIT \(Int64(limit))
                """,
                logger: Database.silentLogger
            )
            return try await Self.entries(rows)
        }
    }

    /// Events `first…last` (inclusive), at most `limit` of them from `first`.
    package func range(tenant: UUID, first: UInt64, last: UInt64, limit: Int) async throws -> [Entry] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT seq, encoded, prev_hash, hash, leaf FROM audit_events
                WHERE seq >= \(Int64(first)) AND seq <= \(Int64(last)) ORDER BY seq LIMIT \(Int64(limit))
                """,
                logger: Database.silentLogger
            )
            return try await Self.entries(rows)
        }
    }

    /// The one event `seq`, or nil.
    package func event(tenant: UUID, seq: UInt64) async throws -> Entry? {
        try await range(tenant: tenant, first: seq, last: seq, limit: 1).first
    }

    /// The chain's length (its head seq; 0 for an empty chain).
    package func length(tenant: UUID) async throws -> UInt64 {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query("SELECT seq FROM audit_heads", logger: Database.silentLogger)
            for try await seq in rows.decode(Int64.self) { return UInt64(seq) }
            return 0
        }
    }

    /// The first and last seq of events in `[from, to)`; nil when none.
    package func seqBounds(tenant: UUID, from: Date?, to: Date?) async throws -> ClosedRange<UInt64>? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT min(seq), max(seq) FROM audit_events
                WHERE (\(from)::timestamptz IS NULL OR occurred_at >= \(from)::timestamptz)
                  AND (\(to)::timestamptz IS NULL OR occurred_at < \(to)::timestamptz)
                """,
                logger: Database.silentLogger
            )
            for try await (first, last) in rows.decode((Int64?, Int64?).self) {
                if let first, let last { return UInt64(first)...UInt64(last) }
            }
            return nil
        }
    }

    /// Every stored checkpoint, ascending by size.
    package func checkpoints(tenant: UUID) async throws -> [StoredCheckpoint] {
        try await database.withTenant(tenant) { connection in try await AuditCheckpointRows.all(on: connection) }
    }

    /// The leaf hashes of events 1…`size`, in order (32 bytes each, fetched in packed chunks).
    package func leaves(tenant: UUID, through size: UInt64) async throws -> [Data] {
        try await database.withTenant(tenant) { connection in
            var leaves: [Data] = []
            leaves.reserveCapacity(Int(size))
            while UInt64(leaves.count) < size {
                let from = Int64(leaves.count + 1)
                let rows = try await connection.query(
                    """
                    SELECT coalesce(string_agg(leaf, ''::bytea ORDER BY seq), ''::bytea) FROM audit_events
                    WHERE seq >= \(from) AND seq <= \(min(Int64(size), from + 99_999))
                    """,
                    logger: Database.silentLogger
                )
                var packed = Data()
                for try await bytes in rows.decode(Data.self) { packed = bytes }
                let expected = Int(min(Int64(size), from + 99_999) - from + 1)
                guard packed.count == expected * 32 else { throw Undecodable(seq: UInt64(from)) }
                for offset in stride(from: 0, to: packed.count, by: 32) {
                    leaves.append(packed[(packed.startIndex + offset)..<(packed.startIndex + offset + 32)])
                }
            }
            return leaves
        }
    }

    private static func entries(_ rows: PostgresRowSequence) async throws -> [Entry] {
        var entries: [Entry] = []
        for try await (seq, encoded, previous, hash, leaf) in rows.decode((Int64, Data, Data, Data, Data).self) {
            guard let event = try? AuditEncoding.decode(encoded) else { throw Undecodable(seq: UInt64(seq)) }
            entries.append(Entry(event: event, encoded: encoded, previousHash: previous, hash: hash, leaf: leaf))
        }
        return entries
    }
}
