import Foundation

/// The canonical bytes of an ``AuditEvent``, version 1 (docs/audit-format.md).
///
/// Binary and length-prefixed, never JSON: a JSON encoder, `jsonb` or a date formatter may
/// change bytes between versions, and a chain must hash the same bytes forever. All integers
/// are big-endian; every string is its UTF-8 bytes exactly as given (no normalisation),
/// preceded by its length as a UInt32.
///
/// ```
/// u8   version = 0x01
/// 16   tenant id (UUID, RFC 9562 byte order)
/// u64  seq
/// i64  occurred_at, microseconds since the Unix epoch, UTC
/// str  actor_kind, actor_id, action, resource_type, resource_id, subject_id,
///      purpose, legal_basis, outcome, request_id        (in this order)
/// u32  number of details, then for each, sorted by key bytes: str key, str value
/// ```
public enum AuditEncoding {
    public static let version: UInt8 = 1
    /// The longest string a field may hold, in UTF-8 bytes.
    public static let maximumStringLength = 4096
    /// The most details an event may carry.
    public static let maximumDetails = 64

    /// Why bytes are not a version-1 event, or an event cannot be encoded.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The canonical bytes of `event`.
    /// - Throws: ``Invalid`` when a string or the details exceed the limits.
    public static func encode(_ event: AuditEvent) throws(Invalid) -> [UInt8] {
        var out: [UInt8] = [version]
        withUnsafeBytes(of: event.tenantID.uuid) { out.append(contentsOf: $0) }
        append(event.seq, to: &out)
        append(UInt64(bitPattern: event.occurredAtMicros), to: &out)
        for field in strings(of: event) { try append(field, to: &out) }
        guard event.details.count <= maximumDetails else { throw Invalid(description: "more than 64 details") }
        append(UInt32(event.details.count), to: &out)
        for key in event.details.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            try append(key, to: &out)
            try append(event.details[key] ?? "", to: &out)
        }
        return out
    }

    /// Reads canonical bytes back; the inverse of ``encode(_:)``. Trailing bytes, a wrong
    /// version, unsorted or repeated detail keys, and invalid UTF-8 are refused, so one
    /// event has exactly one encoding.
    public static func decode(_ bytes: some Collection<UInt8>) throws(Invalid) -> AuditEvent {
        var reader = Reader(bytes: Array(bytes))
        guard try reader.byte() == version else { throw Invalid(description: "unknown version") }
        let tenant = UUID(uuid: try reader.uuid())
        let seq = try reader.uint64()
        let micros = Int64(bitPattern: try reader.uint64())
        var fields: [String] = []
        for _ in 0..<10 { fields.append(try reader.string()) }
        let count = Int(try reader.uint32())
        guard count <= maximumDetails else { throw Invalid(description: "more than 64 details") }
        var details: [String: String] = [:]
        var previous: [UInt8]?
        for _ in 0..<count {
            let key = try reader.string()
            let keyBytes = Array(key.utf8)
            if let previous, !previous.lexicographicallyPrecedes(keyBytes) {
                throw Invalid(description: "detail keys not strictly sorted")
            }
            previous = keyBytes
            details[key] = try reader.string()
        }
        guard reader.isAtEnd else { throw Invalid(description: "trailing bytes") }
        return AuditEvent(
            tenantID: tenant,
            seq: seq,
            occurredAtMicros: micros,
            actorKind: fields[0],
            actorID: fields[1],
            action: fields[2],
            resourceType: fields[3],
            resourceID: fields[4],
            subjectID: fields[5],
            purpose: fields[6],
            legalBasis: fields[7],
            outcome: fields[8],
            requestID: fields[9],
            details: details
        )
    }

    private static func strings(of event: AuditEvent) -> [String] {
        [
            event.actorKind, event.actorID, event.action, event.resourceType, event.resourceID,
            event.subjectID, event.purpose, event.legalBasis, event.outcome, event.requestID,
        ]
    }

    private static func append(_ value: some FixedWidthInteger, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to out: inout [UInt8]) throws(Invalid) {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumStringLength else { throw Invalid(description: "a string longer than 4096 bytes") }
        append(UInt32(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    /// A cursor over the bytes being decoded.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func take(_ count: Int) throws(Invalid) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.count - offset >= count else { throw Invalid(description: "truncated") }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func byte() throws(Invalid) -> UInt8 { try take(1).first! }

        mutating func uint32() throws(Invalid) -> UInt32 {
            try take(4).reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func uint64() throws(Invalid) -> UInt64 {
            try take(8).reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func uuid() throws(Invalid) -> uuid_t {
            let b = Array(try take(16))
            return (
                b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]
            )
        }

        mutating func string() throws(Invalid) -> String {
            let length = Int(try uint32())
            guard length <= AuditEncoding.maximumStringLength else { throw Invalid(description: "string too long") }
            let slice = try take(length)
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw Invalid(description: "invalid UTF-8")
            }
            return text
        }
    }
}
