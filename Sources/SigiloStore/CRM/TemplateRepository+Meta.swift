package import Foundation
import PostgresNIO
package import SigiloCore

extension TemplateRepository {
    /// Stores a template as Meta has it: a new one, or the tenant's template of that name and
    /// language replaced (Meta is the authority on content and status once submitted).
    /// - Returns: the stored template and whether it was new.
    package func upsertFromMeta(
        tenant: UUID,
        template: MessageTemplate,
        metaID: String?
    ) async throws
        -> (Stored, created: Bool)
    {
        let definition = try Self.json(template)
        return try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO message_templates (id, tenant_id, name, language, category, status, definition,
                    meta_template_id)
                VALUES (\(UUID()), \(tenant), \(template.name), \(template.language), \(template.category.rawValue),
                    \(template.status.rawValue), \(definition)::jsonb, \(metaID)::text)
                ON CONFLICT (tenant_id, name, language) DO UPDATE SET category = EXCLUDED.category,
                    status = EXCLUDED.status, definition = EXCLUDED.definition,
                    meta_template_id = COALESCE(EXCLUDED.meta_template_id, message_templates.meta_template_id),
                    updated_at = now()
                RETURNING \(unescaped: Self.columns), xmax = 0
                """,
                logger: Database.silentLogger
            )
            for try await row in rows.decode((UUID, String, String?, Date, Date, Bool).self) {
                return (try Self.stored((row.0, row.1, row.2, row.3, row.4)), row.5)
            }
            throw StoreError(.notFound)
        }
    }

    /// Records a submission to Meta: its id and the status Meta gave.
    package func recordSubmission(
        tenant: UUID,
        id: UUID,
        metaID: String,
        status: TemplateStatus
    ) async throws
        -> Stored?
    {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE message_templates SET meta_template_id = \(metaID), status = \(status.rawValue),
                    definition = jsonb_set(definition, '{status}', to_jsonb(\(status.rawValue)::text)), updated_at = now()
                WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """,
                logger: Database.silentLogger
            )
            return try await Self.all(rows).first
        }
    }
}
