package import Crypto
package import Foundation

/// A tenant's index key: 256 random bits, stored only wrapped by the master key ring, from
/// which every blind index of the tenant is derived (``BlindIndex``). Random rather than
/// derived from the master key itself, so rotating the master key rewraps one row per tenant
/// instead of recomputing every index.
package enum TenantIndexKey {
    /// A fresh key with its wrapped form.
    package static func generate(tenant: UUID, wrapper: KeyWrapper) throws -> (key: SymmetricKey, wrapped: Data) {
        let key = SymmetricKey(size: .bits256)
        return (key, try wrapper.wrap(key, binding: binding(tenant: tenant)))
    }

    /// Opens a tenant's wrapped index key.
    package static func unwrap(
        _ wrapped: Data,
        tenant: UUID,
        wrapper: KeyWrapper
    ) throws(KeyMaterialError)
        -> SymmetricKey
    {
        try wrapper.unwrap(wrapped, binding: binding(tenant: tenant))
    }

    /// The additional data of a tenant's wrapped index key.
    package static func binding(tenant: UUID) -> String {
        "sigilo/v1/tenant-index-key/\(tenant.uuidString.lowercased())"
    }
}
