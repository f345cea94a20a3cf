package import Foundation

/// Where a sealed value lives: tenant, table, column, row and data subject. It is the
/// additional data of the value's AES-GCM seal, so a ciphertext copied to another row,
/// column, table, tenant or subject fails to open.
package struct FieldAddress: Sendable, Hashable {
    package var tenant: UUID
    package var table: String
    package var column: String
    package var row: UUID
    package var subject: UUID

    package init(tenant: UUID, table: String, column: String, row: UUID, subject: UUID) {
        self.tenant = tenant
        self.table = table
        self.column = column
        self.row = row
        self.subject = subject
    }

    /// The additional data: `sigilo/v1/field/<tenant>/<table>/<column>/<row>/<subject>`.
    package var context: String {
        "sigilo/v1/field/\(tenant.uuidString.lowercased())/\(table)/\(column)/"
            + "\(row.uuidString.lowercased())/\(subject.uuidString.lowercased())"
    }
}
