import Crypto
package import Foundation

/// One forward-only schema change: `migrations/NNNN_name.sql`, applied once, in order.
package struct Migration: Sendable, Equatable {
    /// The number that orders migrations (`NNNN`).
    package let version: Int
    /// The file name without `.sql` (`0001_baseline`), recorded in `schema_migrations`.
    package let name: String
    /// The file's text.
    package let sql: String
    /// SHA-256 of the file's bytes, hex; a change to an applied file is refused.
    package let checksum: String

    /// Creates a migration from a file's name parts and bytes.
    /// - Parameters:
    ///   - version: The `NNNN` prefix.
    ///   - name: The file name without `.sql`.
    ///   - contents: The file's exact bytes; the checksum is computed over them.
    package init(version: Int, name: String, contents: Data) throws {
        guard let sql = String(data: contents, encoding: .utf8) else {
            throw MigrationError(.notUTF8, file: name)
        }
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: contents).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The statements of the file, checked for transaction control (the runner owns the
    /// transaction: a `COMMIT` inside a file would make it half-applied on failure).
    func statements() throws -> [SQLScript.Statement] {
        let statements = SQLScript.statements(in: sql)
        let forbidden: Set = ["BEGIN", "COMMIT", "ROLLBACK", "START", "END", "SAVEPOINT", "RELEASE"]
        if let control = statements.first(where: { forbidden.contains(SQLScript.firstWord(of: $0.text) ?? "") }) {
            throw MigrationError(.transactionControl, file: name, line: control.line)
        }
        return statements
    }
}
