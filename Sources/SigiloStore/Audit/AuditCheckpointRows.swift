package import Foundation
import PostgresNIO
package import SigiloCrypto

/// A checkpoint as stored in `audit_checkpoints`: its columns (the origin is only in the
/// signed note), the note, and the frontier (nil when the stored bytes are not one).
package struct StoredCheckpoint: Sendable, Equatable {
    package let checkpoint: AuditCheckpoint
    package let signedNote: String
    package let frontier: MerkleFrontier?
    package let createdAt: Date
}

/// Reads of `audit_checkpoints`, inside a tenant's transaction.
enum AuditCheckpointRows {
    static func latest(on connection: PostgresConnection) async throws -> StoredCheckpoint? {
        try await read(on: connection, "SELECT \(columns) FROM audit_checkpoints ORDER BY size DESC LIMIT 1").first
    }

    static func all(on connection: PostgresConnection) async throws -> [StoredCheckpoint] {
        try await read(on: connection, "SELECT \(columns) FROM audit_checkpoints ORDER BY size")
    }

    private static let columns = "tenant_id, size, root, head_hash, signed_note, frontier, created_at"

    private static func read(on connection: PostgresConnection, _ sql: String) async throws -> [StoredCheckpoint] {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Database.silentLogger)
        var stored: [StoredCheckpoint] = []
        for try await (_, size, root, head, note, frontier, created) in rows.decode(
            (UUID, Int64, Data, Data, String, Data, Date).self
        ) {
            let checkpoint = AuditCheckpoint(
                origin: "",
                size: UInt64(size),
                root: root,
                headHash: head
            )
            stored.append(
                StoredCheckpoint(
                    checkpoint: checkpoint,
                    signedNote: note,
                    frontier: MerkleFrontier(size: UInt64(size), serialized: frontier),
                    createdAt: created
                )
            )
        }
        return stored
    }
}
