import Crypto
import Foundation
import PostgresNIO
import SigiloCrypto

extension CRMKeys {
    /// What a tenant-level sealing key protects. Each purpose gets its own key (HKDF info), so
    /// a value sealed for one can never be opened as another.
    enum TenantPurpose: String {
        /// Channel credentials: access tokens and app secrets.
        case channelSecrets = "channel-secrets"
        /// Raw webhook bodies kept until processed.
        case webhookInbox = "webhook-inbox"
        /// Keyed digests of attendance events (idempotency).
        case eventFingerprints = "event-fingerprints"
        /// The secret that signs notices to the host CRM.
        case hostWebhook = "host-webhook"
    }

    /// A key for data that belongs to the tenant rather than to one data subject, derived from
    /// the tenant's (wrapped, rotated) index key: a master-key rotation rewraps one row and
    /// every value sealed under it stays readable. Values are sealed with the tenant id as
    /// their subject.
    func tenantKey(_ purpose: TenantPurpose, tenant: UUID, on connection: PostgresConnection) async throws -> SubjectKey
    {
        SubjectKey(derivedKey(purpose, from: try await indexKey(tenant: tenant, on: connection)))
    }

    /// ``tenantKey(_:tenant:on:)`` when the tenant's key is already cached (no query needed).
    func cachedTenantKey(_ purpose: TenantPurpose, tenant: UUID) -> SubjectKey? {
        cachedIndexKey(tenant: tenant).map { SubjectKey(derivedKey(purpose, from: $0)) }
    }

    /// The raw derived key, for HMACs.
    func tenantMACKey(
        _ purpose: TenantPurpose,
        tenant: UUID,
        on connection: PostgresConnection
    ) async throws
        -> SymmetricKey
    {
        derivedKey(purpose, from: try await indexKey(tenant: tenant, on: connection))
    }

    private func derivedKey(_ purpose: TenantPurpose, from tenantKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: tenantKey,
            info: Data("sigilo/v1/tenant/\(purpose.rawValue)".utf8),
            outputByteCount: 32
        )
    }
}
