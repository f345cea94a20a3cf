package import Foundation
import PostgresNIO
package import SigiloCore

/// A tenant's message templates. Business text, not personal data: stored in clear, the
/// template's JSON in `definition`, its searchable parts in columns.
package struct TemplateRepository: Sendable {
    /// A stored template.
    package struct Stored: Sendable, Equatable {
        package var id: UUID
        package var template: MessageTemplate
        /// Meta's id once the template was submitted or synced (the WhatsApp issue).
        package var metaTemplateID: String?
        package var createdAt: Date
        package var updatedAt: Date
    }

    static let columns = "id, definition::text, meta_template_id, created_at, updated_at"
    let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// Stores a new template.
    /// - Throws: ``StoreError`` `conflict` when the tenant has one with this name and language.
    package func create(tenant: UUID, template: MessageTemplate) async throws -> Stored {
        let id = UUID()
        let definition = try Self.json(template)
        return try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO message_templates (id, tenant_id, name, language, category, status, definition)
                    VALUES (\(id), \(tenant), \(template.name), \(template.language), \(template.category.rawValue),
                        \(template.status.rawValue), \(definition)::jsonb)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                return try await Self.all(rows).first ?? { throw StoreError(.notFound) }()
            }
        }
    }

    /// Templates in name and language order after the template `after`, optionally one status.
    package func list(tenant: UUID, after: UUID?, limit: Int, status: TemplateStatus?) async throws -> [Stored] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM message_templates
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)::text)
                  AND (\(after)::uuid IS NULL OR (name, language, id) >
                       (SELECT name, language, id FROM message_templates WHERE id = \(after)::uuid))
                ORDER BY name, language, id LIMIT \(limit)
                """,
                logger: Database.silentLogger
            )
            return try await Self.all(rows)
        }
    }

    /// The template `id`; `nil` when the tenant has none.
    package func find(tenant: UUID, id: UUID) async throws -> Stored? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM message_templates WHERE id = \(id)",
                logger: Database.silentLogger
            )
            return try await Self.all(rows).first
        }
    }

    /// The template named `name` in `language`, or nil.
    package func find(tenant: UUID, name: String, language: String) async throws -> Stored? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM message_templates
                WHERE name = \(name) AND language = \(language)
                """,
                logger: Database.silentLogger
            )
            return try await Self.all(rows).first
        }
    }

    /// Replaces the template `id`; `nil` when the tenant has none.
    /// - Throws: ``StoreError`` `conflict` when the new name and language belong to another.
    package func replace(tenant: UUID, id: UUID, with template: MessageTemplate) async throws -> Stored? {
        let definition = try Self.json(template)
        return try await StoreError.mappingConstraints {
            try await database.withTenant(tenant) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE message_templates SET name = \(template.name), language = \(template.language),
                        category = \(template.category.rawValue), status = \(template.status.rawValue),
                        definition = \(definition)::jsonb, updated_at = now()
                    WHERE id = \(id)
                    RETURNING \(unescaped: Self.columns)
                    """,
                    logger: Database.silentLogger
                )
                return try await Self.all(rows).first
            }
        }
    }

    /// Deletes the template `id`; false when the tenant has none.
    package func delete(tenant: UUID, id: UUID) async throws -> Bool {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "DELETE FROM message_templates WHERE id = \(id) RETURNING id",
                logger: Database.silentLogger
            )
            var deleted = false
            for try await _ in rows { deleted = true }
            return deleted
        }
    }

    static func json(_ template: MessageTemplate) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(template), as: UTF8.self)
    }

    static func all(_ rows: PostgresRowSequence) async throws -> [Stored] {
        var stored: [Stored] = []
        for try await row in rows.decode((UUID, String, String?, Date, Date).self) {
            stored.append(try Self.stored(row))
        }
        return stored
    }

    static func stored(_ row: (UUID, String, String?, Date, Date)) throws -> Stored {
        let template = try JSONDecoder().decode(MessageTemplate.self, from: Data(row.1.utf8))
        return Stored(id: row.0, template: template, metaTemplateID: row.2, createdAt: row.3, updatedAt: row.4)
    }
}
