import Foundation
import PostgresNIO
import SigiloCore
import SigiloCrypto

/// A tenant's chain head: the last seq and its hash (seq 0 and the genesis hash when empty).
struct AuditHead: Sendable, Equatable {
    var seq: UInt64
    var hash: Data

    static let empty = AuditHead(seq: 0, hash: AuditChain.genesis)
}

/// Rows for `sigilo_audit_append` (migration 0005), column by column: drafts are sealed onto
/// their tenant's chain from its head, in order.
struct AuditRows: Sendable {
    private var tenants: [UUID] = []
    private var seqs: [Int64] = []
    private var micros: [Int64] = []
    private var texts: [[String]] = Array(repeating: [], count: 11)
    private var bytes: [[ByteaValue]] = Array(repeating: [], count: 4)

    var isEmpty: Bool { tenants.isEmpty }

    /// Seals `drafts` after `head`; returns each draft's receipt and the new head.
    mutating func append(
        _ drafts: [AuditDraft],
        tenant: UUID,
        after head: AuditHead
    ) throws -> ([AuditReceipt], AuditHead) {
        var head = head
        var receipts: [AuditReceipt] = []
        receipts.reserveCapacity(drafts.count)
        for draft in drafts {
            let event = draft.event(seq: head.seq + 1)
            let sealed = try AuditChain.seal(event, previous: head.hash)
            tenants.append(tenant)
            seqs.append(Int64(event.seq))
            micros.append(event.occurredAtMicros)
            let columns = [
                event.actorKind, event.actorID, event.action, event.resourceType, event.resourceID, event.subjectID,
                event.purpose, event.legalBasis, event.outcome, event.requestID, JSONText.object(event.details),
            ]
            for (index, value) in columns.enumerated() { texts[index].append(value) }
            for (index, value) in [Data(sealed.bytes), head.hash, sealed.hash, sealed.leaf].enumerated() {
                bytes[index].append(ByteaValue(value))
            }
            receipts.append(AuditReceipt(seq: event.seq, hash: sealed.hash))
            head = AuditHead(seq: event.seq, hash: sealed.hash)
        }
        return (receipts, head)
    }

    /// The one statement that appends every row (the trigger checks each chain).
    var query: PostgresQuery {
        var bindings = PostgresBindings(capacity: 18)
        bindings.append(tenants)
        bindings.append(seqs)
        bindings.append(micros)
        for column in texts { bindings.append(column) }
        for column in bytes { bindings.append(column) }
        let placeholders = (1...18).map { "$\($0)" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "SELECT sigilo_audit_append(\(placeholders))", binds: bindings)
    }
}

/// A `bytea` that PostgresNIO can also send inside an array (`bytea[]`), which `Data` cannot.
struct ByteaValue: PostgresNonThrowingEncodable, PostgresArrayEncodable, Sendable {
    let bytes: Data

    init(_ bytes: Data) {
        self.bytes = bytes
    }

    static var psqlType: PostgresDataType { .bytea }
    static var psqlFormat: PostgresFormat { .binary }
    static var psqlArrayType: PostgresDataType { .byteaArray }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeBytes(bytes)
    }
}

extension AuditHead {
    /// The heads of `tenants` (`sigilo_audit_heads`, readable across tenants: seq and hash only).
    static func read(_ tenants: [UUID], on connection: PostgresConnection) async throws -> [UUID: AuditHead] {
        let rows = try await connection.query(
            "SELECT tenant_id, seq, hash FROM sigilo_audit_heads(\(tenants))",
            logger: Database.silentLogger
        )
        var heads: [UUID: AuditHead] = [:]
        for try await (tenant, seq, hash) in rows.decode((UUID, Int64, Data).self) {
            heads[tenant] = AuditHead(seq: UInt64(seq), hash: hash)
        }
        return heads
    }
}
