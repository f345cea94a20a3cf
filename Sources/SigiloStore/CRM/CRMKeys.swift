import Crypto
import Foundation
import PostgresNIO
package import SigiloCrypto
import Synchronization

/// The CRM's keys: subjects' data keys and tenants' index keys, stored wrapped by the master
/// key ring, opened here.
///
/// Tenants' index keys are cached once read back committed (they are never destroyed while
/// the tenant exists); subjects' data keys are not, so destroying one takes effect at once.
package final class CRMKeys: Sendable {
    /// The blind-index kinds (`contact_lookups.kind`).
    package enum LookupKind: String, Sendable, CaseIterable {
        case phone, email, whatsapp
    }

    package let wrapper: KeyWrapper
    private let indexKeys = Mutex<[UUID: SymmetricKey]>([:])

    package init(ring: KeyRingHolder) {
        self.wrapper = KeyWrapper(ring: ring)
    }

    /// A new random data key for `subject`, with its wrapped form and the master-key version
    /// that wrapped it, for the caller to store in `subject_keys`.
    func newSubjectKey(tenant: UUID, subject: UUID) throws -> (key: SubjectKey, wrapped: Data, version: Int32) {
        let (key, wrapped) = try SubjectKey.generate(tenant: tenant, subject: subject, wrapper: wrapper)
        return (key, wrapped, Int32(bitPattern: KeyWrapper.version(of: wrapped) ?? 0))
    }

    /// Opens a subject's wrapped key read alongside its row.
    /// - Throws: ``SealedDataError`` naming the subject when it does not open.
    func subjectKey(_ wrapped: Data?, tenant: UUID, subject: UUID) throws(SealedDataError) -> SubjectKey {
        guard let wrapped else { throw SealedDataError(.keyDestroyed, table: "subject_keys", row: subject) }
        do {
            return try SubjectKey.unwrap(wrapped, tenant: tenant, subject: subject, wrapper: wrapper)
        } catch {
            throw SealedDataError(
                error.code == .unknownVersion ? .unknownKeyVersion : .keyUnreadable,
                table: "subject_keys",
                row: subject
            )
        }
    }

    /// The blind index of `kind` for `tenant`, creating the tenant's index key on first use.
    func index(_ kind: LookupKind, tenant: UUID, on connection: PostgresConnection) async throws -> BlindIndex {
        BlindIndex(
            tenantKey: try await indexKey(tenant: tenant, on: connection),
            table: "contacts",
            column: kind.rawValue
        )
    }

    /// The tenant's index key if this instance has read it back committed before.
    func cachedIndexKey(tenant: UUID) -> SymmetricKey? {
        indexKeys.withLock { $0[tenant] }
    }

    func indexKey(tenant: UUID, on connection: PostgresConnection) async throws -> SymmetricKey {
        if let cached = indexKeys.withLock({ $0[tenant] }) { return cached }
        let (fresh, freshWrapped) = try TenantIndexKey.generate(tenant: tenant, wrapper: wrapper)
        let version = Int32(bitPattern: KeyWrapper.version(of: freshWrapped) ?? 0)
        let rows = try await connection.query(
            """
            WITH created AS (
                INSERT INTO tenant_keys (tenant_id, wrapped, kek_version)
                VALUES (\(tenant), \(freshWrapped), \(version))
                ON CONFLICT (tenant_id) DO NOTHING
                RETURNING wrapped
            )
            SELECT wrapped FROM created UNION ALL SELECT wrapped FROM tenant_keys WHERE tenant_id = \(tenant)
            """,
            logger: Database.silentLogger
        )
        var stored: Data?
        for try await wrapped in rows.decode(Data.self) where stored == nil { stored = wrapped }
        if stored == nil {
            // Another transaction inserted the key first: ON CONFLICT waited for its commit,
            // but this statement's snapshot predates it. A new statement sees it.
            let again = try await connection.query(
                "SELECT wrapped FROM tenant_keys WHERE tenant_id = \(tenant)",
                logger: Database.silentLogger
            )
            for try await wrapped in again.decode(Data.self) { stored = wrapped }
        }
        guard let stored else { throw SealedDataError(.keyDestroyed, table: "tenant_keys", row: tenant) }
        let key: SymmetricKey
        if stored == freshWrapped {
            // Ours, not committed yet: not cached, since the transaction may still roll back
            // and another instance then store a different key. The next use reads it back.
            return fresh
        } else {
            do {
                key = try TenantIndexKey.unwrap(stored, tenant: tenant, wrapper: wrapper)
            } catch {
                throw SealedDataError(.keyUnreadable, table: "tenant_keys", row: tenant)
            }
        }
        indexKeys.withLock { $0[tenant] = key }
        return key
    }
}
