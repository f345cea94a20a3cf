package import Foundation

/// Stored personal data that cannot be opened: a sealed value that was changed or moved, or a
/// key that is gone or unreadable. It names where (table, column, row), never the value, and
/// means the database was tampered with, restored inconsistently, or lost a key: an incident
/// for the operator, not something a caller can fix.
package struct SealedDataError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The value failed AES-GCM authentication under its address (changed, or moved from
        /// another row, column or subject).
        case valueUnreadable = "value_unreadable"
        /// The subject's or tenant's wrapped key failed to open.
        case keyUnreadable = "key_unreadable"
        /// The wrapped key names a master-key version no ring holds.
        case unknownKeyVersion = "unknown_key_version"
        /// The subject's key was destroyed (erasure).
        case keyDestroyed = "key_destroyed"
    }

    package let code: Code
    package let table: String
    package let column: String?
    package let row: UUID

    package init(_ code: Code, table: String, column: String? = nil, row: UUID) {
        self.code = code
        self.table = table
        self.column = column
        self.row = row
    }

    package var description: String {
        let place = column.map { "\(table).\($0)" } ?? table
        return "sealed data error \(code.rawValue) at \(place) row \(row.uuidString.lowercased())"
    }
}
