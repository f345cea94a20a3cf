package import Foundation
import PostgresNIO
package import SigiloCrypto

/// Rewraps every stored key (subjects' data keys, tenants' index keys) under a new master-key
/// version, and reseals users' e-mails with new lookup digests, in small transactions, while
/// servers keep reading: a server holding both versions opens a key wrapped under either and
/// finds a user by the digest of either, so a read never sees a key it cannot open.
///
/// Runs as the owner role, which row-level security does not restrict, since a rotation spans
/// tenants. Progress is recorded in `key_rotations`; a rotation interrupted half-way is
/// resumed by running it again (rows already under the target are skipped).
package struct KeyRotation: Sendable {
    /// Where a rotation stands.
    package struct Progress: Sendable, Equatable {
        package var target: UInt32
        package var rewrapped: Int
        /// Keys that did not open (damaged rows), left as they were and named in the log.
        package var unreadable: [UUID]
        /// Keys left below the target, other than unreadable ones: rows locked by other
        /// transactions when the rotation passed them. Run it again.
        package var remaining = 0
        package var finished: Bool
    }

    private let database: Database
    private let ring: KeyRingHolder
    private let wrapper: KeyWrapper

    /// - Parameters:
    ///   - database: A pool on the owner role.
    ///   - ring: The ring holding the old versions and the target.
    package init(database: Database, ring: KeyRingHolder) {
        self.database = database
        self.ring = ring
        self.wrapper = KeyWrapper(ring: ring)
    }

    /// The target version of a rotation that started and did not finish, if any.
    package func unfinished() async throws -> UInt32? {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT target_version FROM key_rotations WHERE finished_at IS NULL ORDER BY target_version DESC",
                logger: Database.silentLogger
            )
            var target: UInt32?
            for try await version in rows.decode(Int32.self) where target == nil { target = UInt32(version) }
            return target
        }
    }

    /// Claims a new rotation to `target` before its key is written anywhere: a second
    /// `sigilo keys rotate` started at the same moment fails here instead of writing a
    /// different key under the same version.
    /// - Throws: ``StoreError`` `conflict` when a rotation to `target` was already recorded.
    package func claim(target: UInt32) async throws {
        try await StoreError.mappingConstraints {
            try await database.withConnection { connection in
                try await connection.run("INSERT INTO key_rotations (target_version) VALUES (\(Int32(target)))")
            }
        }
    }

    /// Keys and e-mails still under a version below `target`.
    package func remaining(below target: UInt32) async throws -> Int {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT (SELECT count(*) FROM subject_keys WHERE kek_version < \(Int32(target)))
                     + (SELECT count(*) FROM tenant_keys WHERE kek_version < \(Int32(target)))
                     + (SELECT count(*) FROM users WHERE \(unescaped: Self.userVersion) < \(Int64(target)))
                """,
                logger: Database.silentLogger
            )
            var count = 0
            for try await value in rows.decode(Int64.self) { count = Int(value) }
            return count
        }
    }

    /// Records the start of a rotation to `target` (idempotent).
    package func begin(target: UInt32) async throws {
        try await database.withConnection { connection in
            try await connection.run(
                "INSERT INTO key_rotations (target_version) VALUES (\(Int32(target))) ON CONFLICT DO NOTHING"
            )
        }
    }

    /// How many stored keys each master-key version wraps: `(table, version, count)`.
    package func census() async throws -> [(table: String, version: UInt32, count: Int)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT 'subject_keys', kek_version, count(*) FROM subject_keys GROUP BY kek_version
                UNION ALL
                SELECT 'tenant_keys', kek_version, count(*) FROM tenant_keys GROUP BY kek_version
                UNION ALL
                SELECT 'users', \(unescaped: Self.userVersion)::integer, count(*) FROM users GROUP BY 2
                ORDER BY 1, 2
                """,
                logger: Database.silentLogger
            )
            var census: [(table: String, version: UInt32, count: Int)] = []
            for try await (table, version, count) in rows.decode((String, Int32, Int64).self) {
                census.append((table, UInt32(version), Int(count)))
            }
            return census
        }
    }

    /// Rewraps every key under a version below `target`, `batchSize` per transaction, calling
    /// `report` after each batch; marks the rotation finished when none is left.
    /// - Parameters:
    ///   - target: The ring's key for the new version.
    ///   - maximumBatches: Stop after this many batches, unfinished (an interruption, in tests).
    package func run(
        to target: MasterKey,
        batchSize: Int = 500,
        maximumBatches: Int = .max,
        report: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Progress {
        var progress = Progress(target: target.version, rewrapped: 0, unreadable: [], finished: false)
        var batches = 0
        for table in [KeyTable.tenants, KeyTable.subjects, KeyTable.users] {
            while true {
                guard batches < maximumBatches else { return progress }
                batches += 1
                let (done, unreadable) = try await batch(
                    table,
                    target: target,
                    limit: batchSize,
                    skip: progress.unreadable
                )
                progress.rewrapped += done
                progress.unreadable += unreadable
                report(progress)
                if done + unreadable.count == 0 { break }
            }
        }
        // Rows another transaction held (SKIP LOCKED passed them) are still below the target.
        progress.remaining = try await remaining(below: target.version) - progress.unreadable.count
        progress.finished = progress.unreadable.isEmpty && progress.remaining <= 0
        if progress.finished {
            try await database.withConnection { connection in
                try await connection.run(
                    """
                    UPDATE key_rotations SET finished_at = now()
                    WHERE target_version <= \(Int32(target.version)) AND finished_at IS NULL
                    """
                )
            }
        }
        return progress
    }

    private enum KeyTable {
        case tenants, subjects, users
    }

    /// The master-key version a user's sealed e-mail names (bytes 1…4, big-endian).
    private static let userVersion = """
        ((get_byte(email_sealed, 1)::bigint << 24) | (get_byte(email_sealed, 2) << 16) \
        | (get_byte(email_sealed, 3) << 8) | get_byte(email_sealed, 4))
        """

    /// One transaction: lock a batch of keys under older versions, rewrap, write back.
    private func batch(
        _ table: KeyTable,
        target: MasterKey,
        limit: Int,
        skip: [UUID]
    ) async throws -> (rewrapped: Int, unreadable: [UUID]) {
        if table == .users { return try await userBatch(target: target, limit: limit, skip: skip) }
        let version = Int32(target.version)
        return try await database.withConnection { connection in
            try await connection.run("BEGIN")
            do {
                let select: PostgresQuery =
                    switch table {
                    case .subjects, .users:
                        """
                        SELECT subject_id, tenant_id, wrapped FROM subject_keys
                        WHERE kek_version < \(version) AND subject_id <> ALL(\(skip)::uuid[])
                        ORDER BY subject_id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                        """
                    case .tenants:
                        """
                        SELECT tenant_id, tenant_id, wrapped FROM tenant_keys
                        WHERE kek_version < \(version) AND tenant_id <> ALL(\(skip)::uuid[])
                        ORDER BY tenant_id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                        """
                    }
                let rows = try await connection.query(select, logger: Database.silentLogger)
                var ids: [UUID] = []
                var rewrapped: [ByteaValue] = []
                var unreadable: [UUID] = []
                for try await (id, tenant, wrapped) in rows.decode((UUID, UUID, Data).self) {
                    let binding =
                        table == .subjects
                        ? SubjectKey.binding(tenant: tenant, subject: id) : TenantIndexKey.binding(tenant: tenant)
                    guard let key = try? wrapper.unwrap(wrapped, binding: binding) else {
                        unreadable.append(id)
                        continue
                    }
                    ids.append(id)
                    rewrapped.append(ByteaValue(try wrapper.wrap(key, binding: binding, under: target)))
                }
                if !ids.isEmpty {
                    let update: PostgresQuery =
                        switch table {
                        case .subjects, .users:
                            """
                            UPDATE subject_keys k SET wrapped = n.wrapped, kek_version = \(version), rewrapped_at = now()
                            FROM unnest(\(ids)::uuid[], \(rewrapped)::bytea[]) AS n(id, wrapped) WHERE k.subject_id = n.id
                            """
                        case .tenants:
                            """
                            UPDATE tenant_keys k SET wrapped = n.wrapped, kek_version = \(version), rewrapped_at = now()
                            FROM unnest(\(ids)::uuid[], \(rewrapped)::bytea[]) AS n(id, wrapped) WHERE k.tenant_id = n.id
                            """
                        }
                    try await connection.run(update)
                    try await connection.run(
                        """
                        UPDATE key_rotations SET rewrapped = rewrapped + \(Int64(ids.count))
                        WHERE target_version = \(version)
                        """
                    )
                }
                try await connection.run("COMMIT")
                return (ids.count, unreadable)
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
    }

    /// One transaction of users: each e-mail opened under its version, sealed under the
    /// target, its lookup digest recomputed under the target.
    private func userBatch(
        target: MasterKey,
        limit: Int,
        skip: [UUID]
    ) async throws -> (rewrapped: Int, unreadable: [UUID]) {
        let emails = UserEmailKeys(ring: ring)
        let version = Int64(target.version)
        return try await database.withConnection { connection in
            try await connection.run("BEGIN")
            do {
                let rows = try await connection.query(
                    """
                    SELECT id, tenant_id, email_sealed FROM users
                    WHERE \(unescaped: Self.userVersion) < \(version) AND id <> ALL(\(skip)::uuid[])
                    ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                    """,
                    logger: Database.silentLogger
                )
                var ids: [UUID] = []
                var sealed: [ByteaValue] = []
                var lookups: [ByteaValue] = []
                var unreadable: [UUID] = []
                for try await (id, tenant, stored) in rows.decode((UUID, UUID, Data).self) {
                    guard let email = try? emails.open(stored, tenant: tenant, user: id) else {
                        unreadable.append(id)
                        continue
                    }
                    ids.append(id)
                    sealed.append(ByteaValue(try UserEmailKeys.seal(email, tenant: tenant, user: id, under: target)))
                    lookups.append(ByteaValue(UserEmailKeys.lookup(email, under: target)))
                }
                if !ids.isEmpty {
                    try await connection.run(
                        """
                        UPDATE users u SET email_sealed = n.sealed, email_lookup = n.lookup
                        FROM unnest(\(ids)::uuid[], \(sealed)::bytea[], \(lookups)::bytea[]) AS n(id, sealed, lookup)
                        WHERE u.id = n.id
                        """
                    )
                    try await connection.run(
                        """
                        UPDATE key_rotations SET rewrapped = rewrapped + \(Int64(ids.count))
                        WHERE target_version = \(Int32(target.version))
                        """
                    )
                }
                try await connection.run("COMMIT")
                return (ids.count, unreadable)
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
    }
}
