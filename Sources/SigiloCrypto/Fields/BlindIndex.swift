package import Crypto
import Foundation

/// An exact-match lookup over sealed values: the first ``bits`` bits of
/// HMAC-SHA-256(normalised value) under a key derived (HKDF) from the tenant's index key, one
/// key per table and column, so the same phone in two tenants, or in two columns, indexes
/// differently.
///
/// Truncated on purpose (CipherSweet's guidance, docs/encryption.md): with R rows and L bits,
/// each index value is shared by about C = R / 2^L rows. CipherSweet asks for 2 ≤ C < √R, so
/// the index alone never pins one row and a search reads few false positives, which the
/// caller removes by opening the candidates. L = 16 keeps C in that range from 131,072 to
/// about 4 billion contacts per tenant; below that a value is usually unique to its row, which
/// reveals only which rows share it, as any exact-match index does.
package struct BlindIndex: Sendable {
    /// Output length in bits.
    package static let bits = 16
    private let key: SymmetricKey

    /// - Parameters:
    ///   - tenantKey: The tenant's index key (``TenantIndexKey``).
    ///   - table: The table of the indexed column.
    ///   - column: The indexed column (or kind, e.g. `phone`).
    package init(tenantKey: SymmetricKey, table: String, column: String) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: tenantKey,
            salt: Data("sigilo".utf8),
            info: Data("sigilo/v1/blind-index/\(table)/\(column)".utf8),
            outputByteCount: 32
        )
    }

    /// The index value of an already normalised `value`: 0 ..< 2^16.
    package func value(_ value: String) -> Int32 {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)
        return mac.withUnsafeBytes { Int32($0[0]) << 8 | Int32($0[1]) }
    }
}
