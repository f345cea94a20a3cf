package import Foundation
import PostgresNIO
package import SigiloCore
import SigiloCrypto

/// A contact's interactions: free text sealed under the contact's key, the rest in clear.
/// Every call names the contact, and finds nothing for a contact merged away or of another
/// tenant.
package struct InteractionRepository: Sendable {
    /// What a contact id leads to when working on its interactions.
    package enum Owner: Sendable, Equatable {
        case missing
        case merged(into: UUID)
    }

    /// Products a contact bought: one line per product and currency.
    package struct ProductSummary: Sendable, Equatable {
        package var product: String
        package var purchases: Int
        package var total: Money?
        package var lastPurchasedAt: Date
    }

    private static let columns =
        "id, contact_id, kind, occurred_at, product, amount_minor, currency, text_sealed, "
        + "created_at, updated_at"
    private typealias Decoded = (UUID, UUID, String, Date, String?, Int64?, String?, Data?, Date, Date)

    let database: Database
    let keys: CRMKeys

    package init(database: Database, keys: CRMKeys) {
        self.database = database
        self.keys = keys
    }

    /// Records an interaction with `contact`.
    /// - Throws: ``Owner`` when the contact is missing or merged.
    package func create(tenant: UUID, contact: UUID, fields: InteractionFields) async throws -> Interaction {
        let id = UUID()
        return try await database.withTenant(tenant) { connection in
            let (subject, key) = try await owner(tenant: tenant, contact: contact, lock: true, on: connection)
            let sealed = try fields.text.map {
                try key.seal($0, at: InteractionSealing.address(tenant: tenant, row: id, subject: subject))
            }
            let rows = try await connection.query(
                """
                INSERT INTO interactions (id, tenant_id, contact_id, kind, occurred_at, product, amount_minor,
                    currency, text_sealed)
                VALUES (\(id), \(tenant), \(contact), \(fields.kind.rawValue), \(fields.occurredAt),
                    \(fields.product)::text, \(fields.amount?.minorUnits)::bigint, \(fields.amount?.currency)::text,
                    \(sealed)::bytea)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            return try await open(rows, tenant: tenant, subject: subject, key: key).first
                ?? { throw StoreError(.notFound) }()
        }
    }

    /// The contact's interactions, most recent first, `limit` at most, older than the
    /// interaction `before` (the cursor), optionally of one kind.
    package func list(
        tenant: UUID,
        contact: UUID,
        before: UUID?,
        limit: Int,
        kind: Interaction.Kind? = nil
    ) async throws -> [Interaction] {
        try await database.withTenant(tenant) { connection in
            let (subject, key) = try await owner(tenant: tenant, contact: contact, lock: false, on: connection)
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM interactions
                WHERE contact_id = \(contact)
                  AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)::text)
                  AND (\(before)::uuid IS NULL OR (occurred_at, id) <
                       (SELECT occurred_at, id FROM interactions WHERE id = \(before)::uuid))
                ORDER BY occurred_at DESC, id DESC LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            return try await open(rows, tenant: tenant, subject: subject, key: key)
        }
    }

    /// One interaction of the contact; `nil` when it has no such interaction.
    package func find(tenant: UUID, contact: UUID, id: UUID) async throws -> Interaction? {
        try await database.withTenant(tenant) { connection in
            let (subject, key) = try await owner(tenant: tenant, contact: contact, lock: false, on: connection)
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM interactions WHERE id = \(id) AND contact_id = \(contact)",
                logger: Database.silentLogger
            )
            return try await open(rows, tenant: tenant, subject: subject, key: key).first
        }
    }

    /// Applies `change` and reseals; `nil` when the contact has no such interaction.
    package func update(
        tenant: UUID,
        contact: UUID,
        id: UUID,
        _ change: @Sendable (InteractionFields) throws -> InteractionFields
    ) async throws -> Interaction? {
        try await database.withTenant(tenant) { connection in
            let (subject, key) = try await owner(tenant: tenant, contact: contact, lock: true, on: connection)
            let current = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM interactions WHERE id = \(id) AND contact_id = \(contact)
                FOR UPDATE
                """,
                logger: Database.silentLogger
            )
            guard let interaction = try await open(current, tenant: tenant, subject: subject, key: key).first else {
                return nil
            }
            let fields = try change(interaction.fields)
            let sealed = try fields.text.map {
                try key.seal($0, at: InteractionSealing.address(tenant: tenant, row: id, subject: subject))
            }
            let rows = try await connection.query(
                """
                UPDATE interactions SET kind = \(fields.kind.rawValue), occurred_at = \(fields.occurredAt),
                    product = \(fields.product)::text, amount_minor = \(fields.amount?.minorUnits)::bigint,
                    currency = \(fields.amount?.currency)::text, text_sealed = \(sealed)::bytea, updated_at = now()
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            return try await open(rows, tenant: tenant, subject: subject, key: key).first
        }
    }

    /// Deletes one interaction; false when the contact has no such interaction.
    package func delete(tenant: UUID, contact: UUID, id: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            _ = try await owner(tenant: tenant, contact: contact, lock: true, on: connection)
            let rows = try await connection.query(
                "DELETE FROM interactions WHERE id = \(id) AND contact_id = \(contact) RETURNING id",
                logger: Database.silentLogger
            )
            var deleted = false
            for try await _ in rows { deleted = true }
            return deleted
        }
    }

    /// What the contact bought: per product and currency, how many purchases, the total and
    /// the last time, most recent first.
    package func products(tenant: UUID, contact: UUID) async throws -> [ProductSummary] {
        try await database.withTenant(tenant) { connection in
            _ = try await owner(tenant: tenant, contact: contact, lock: false, on: connection)
            let rows = try await connection.query(
                """
                SELECT product, count(*)::integer, sum(amount_minor)::bigint, currency, max(occurred_at)
                FROM interactions
                WHERE contact_id = \(contact) AND kind = 'purchase' AND product IS NOT NULL
                GROUP BY product, currency
                ORDER BY max(occurred_at) DESC, product
                """,
                logger: Database.silentLogger
            )
            var summaries: [ProductSummary] = []
            for try await (product, count, total, currency, last) in rows.decode(
                (String, Int32, Int64?, String?, Date).self
            ) {
                let money = total.flatMap { total in currency.map { Money(minorUnits: total, currency: $0) } }
                summaries.append(
                    ProductSummary(product: product, purchases: Int(count), total: money, lastPurchasedAt: last)
                )
            }
            return summaries
        }
    }

    /// The live contact's subject and key, optionally locked against a concurrent merge.
    private func owner(
        tenant: UUID,
        contact: UUID,
        lock: Bool,
        on connection: PostgresConnection
    ) async throws -> (UUID, SubjectKey) {
        let rows = try await connection.query(
            """
            SELECT c.subject_id, k.wrapped, c.merged_into FROM \(unescaped: ContactRow.from)
            WHERE c.id = \(contact) \(unescaped: lock ? "FOR SHARE OF c" : "")
            """,
            logger: Database.silentLogger
        )
        var found: (UUID, Data?, UUID?)?
        for try await row in rows.decode((UUID, Data?, UUID?).self) { found = row }
        guard let (subject, wrapped, mergedInto) = found else { throw Owner.missing }
        if let mergedInto { throw Owner.merged(into: mergedInto) }
        return (subject, try keys.subjectKey(wrapped, tenant: tenant, subject: subject))
    }

    private func open(
        _ rows: PostgresRowSequence,
        tenant: UUID,
        subject: UUID,
        key: SubjectKey
    ) async throws -> [Interaction] {
        var interactions: [Interaction] = []
        for try await row in rows.decode(Decoded.self) {
            let text = try row.7.map { stored throws(SealedDataError) in
                try InteractionSealing.open(stored, key: key, tenant: tenant, row: row.0, subject: subject)
            }
            let amount = row.5.flatMap { minor in row.6.map { Money(minorUnits: minor, currency: $0) } }
            let fields = InteractionFields(
                kind: Interaction.Kind(rawValue: row.2) ?? .note,
                occurredAt: row.3,
                product: row.4,
                amount: amount,
                text: text
            )
            interactions.append(
                Interaction(id: row.0, contactID: row.1, fields: fields, createdAt: row.8, updatedAt: row.9)
            )
        }
        return interactions
    }
}

extension InteractionRepository.Owner: Error {}
