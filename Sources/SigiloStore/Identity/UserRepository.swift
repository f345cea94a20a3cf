package import Foundation
import PostgresNIO

/// The users of a tenant. Every query runs inside the tenant's row-level security scope.
package struct UserRepository: Sendable {
    private let database: Database
    private static let columns =
        "id, tenant_id, email_sealed, roles, password_hash, disabled_at, created_at, updated_at"

    package init(database: Database) {
        self.database = database
    }

    /// Inserts a user whose id the caller chose (the id is bound into the sealed e-mail).
    /// - Parameters:
    ///   - emailLookup: The address's digest under the current master-key version.
    ///   - otherLookups: Its digests under the ring's other versions: a user not yet resealed
    ///     by a rotation carries one of those, and is the same address.
    /// - Throws: ``StoreError`` `conflict` when the e-mail is already a user of the tenant.
    package func create(
        tenant: UUID,
        id: UUID,
        emailLookup: Data,
        otherLookups: [Data] = [],
        emailSealed: Data,
        roles: [String],
        passwordHash: String
    ) async throws -> UserRecord {
        try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                if !otherLookups.isEmpty {
                    let existing = try await connection.query(
                        "SELECT 1 FROM users WHERE email_lookup = ANY(\(otherLookups.map(ByteaValue.init))::bytea[])",
                        logger: Database.silentLogger
                    )
                    for try await _ in existing { throw StoreError(.conflict) }
                }
                let rows = try await connection.query(
                    """
                    INSERT INTO users (id, tenant_id, email_lookup, email_sealed, roles, password_hash)
                    VALUES (\(id), \(tenant), \(emailLookup), \(emailSealed), \(roles), \(passwordHash))
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                return try await Self.first(rows) ?? { throw StoreError(.notFound) }()
            }
        }
    }

    /// The user with one of these e-mail digests (one per master-key version) in `tenant`,
    /// disabled or not.
    package func find(tenant: UUID, emailLookups: [Data]) async throws -> UserRecord? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM users
                WHERE email_lookup = ANY(\(emailLookups.map(ByteaValue.init))::bytea[]) LIMIT 1
                """,
                logger: Database.silentLogger
            )
            return try await Self.first(rows)
        }
    }

    /// The user `id` of `tenant`; `nil` for another tenant's user (row-level security).
    package func find(tenant: UUID, id: UUID) async throws -> UserRecord? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)",
                logger: Database.silentLogger
            )
            return try await Self.first(rows)
        }
    }

    /// Users of `tenant` in creation order, `limit` at most, after the user `after`.
    package func list(tenant: UUID, after: UUID?, limit: Int) async throws -> [UserRecord] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM users
                WHERE \(after)::uuid IS NULL
                   OR (created_at, id) > (SELECT created_at, id FROM users WHERE id = \(after)::uuid)
                ORDER BY created_at, id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            var users: [UserRecord] = []
            for try await row in rows.decode(Row.self) { users.append(Self.record(row)) }
            return users
        }
    }

    /// Changes roles and/or the disabled state; `nil` leaves a field as it is. Disabling also
    /// revokes every refresh token of the user, in the same transaction.
    package func update(tenant: UUID, id: UUID, roles: [String]?, disabled: Bool?) async throws -> UserRecord? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE users SET
                    roles = COALESCE(\(roles)::text[], roles),
                    disabled_at = CASE WHEN \(disabled)::boolean IS NULL THEN disabled_at
                                       WHEN \(disabled)::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END,
                    updated_at = now()
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            let user = try await Self.first(rows)
            if disabled == true, user != nil {
                try await connection.run(
                    "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL"
                )
            }
            return user
        }
    }

    /// Replaces a password hash (rehash on login, password change).
    package func updatePasswordHash(tenant: UUID, id: UUID, hash: String) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                "UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(id)"
            )
        }
    }

    /// Sets a new password hash and revokes every refresh token of the user, in one transaction.
    package func changePassword(tenant: UUID, id: UUID, hash: String) async throws {
        try await database.withTenant(tenant) { connection in
            try await connection.run(
                "UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(id)"
            )
            try await connection.run(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL"
            )
        }
    }

    private typealias Row = (UUID, UUID, Data, [String], String, Date?, Date, Date)

    private static func first(_ rows: PostgresRowSequence) async throws -> UserRecord? {
        for try await row in rows.decode(Row.self) { return record(row) }
        return nil
    }

    private static func record(_ row: Row) -> UserRecord {
        UserRecord(
            id: row.0,
            tenantID: row.1,
            emailSealed: row.2,
            roles: row.3,
            passwordHash: row.4,
            disabledAt: row.5,
            createdAt: row.6,
            updatedAt: row.7
        )
    }
}
