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

    /// The additional data: `sigilo/v1/field/<tenant>/<table>/<column>/<row>/<subject>`, ids in
    /// lower-case canonical form.
    package var context: String {
        String(decoding: additionalData, as: UTF8.self)
    }

    /// ``context`` as bytes, built without Foundation's string formatting (it is on the path
    /// of every field sealed or opened).
    package var additionalData: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + 3 * 37 + table.utf8.count + column.utf8.count + 2)
        bytes.append(contentsOf: Self.prefix)
        Self.append(tenant, to: &bytes)
        bytes.append(0x2F)
        bytes.append(contentsOf: table.utf8)
        bytes.append(0x2F)
        bytes.append(contentsOf: column.utf8)
        bytes.append(0x2F)
        Self.append(row, to: &bytes)
        bytes.append(0x2F)
        Self.append(subject, to: &bytes)
        return Data(bytes)
    }

    private static let prefix = Array("sigilo/v1/field/".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `id` as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower-case.
    private static func append(_ id: UUID, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: id.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(0x2D) }
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }
}
