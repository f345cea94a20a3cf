package import Foundation
import PostgresNIO

extension AIRepository {
    static let fineTuneColumns = """
        id, provider_file_id, provider_job_id, base_model, status, fine_tuned_model, examples, created_by, created_at,
        updated_at
        """
    typealias FineTuneRow = (UUID, String, String, String, String, String?, Int32, UUID?, Date, Date)

    static func fineTune(_ row: FineTuneRow) -> FineTune {
        FineTune(
            id: row.0,
            providerFileID: row.1,
            providerJobID: row.2,
            baseModel: row.3,
            status: row.4,
            fineTunedModel: row.5,
            examples: Int(row.6),
            createdBy: row.7,
            createdAt: row.8,
            updatedAt: row.9
        )
    }

    package func createFineTune(_ job: FineTune, tenant: UUID, audit: AuditDraft) async throws -> FineTune {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO ai_fine_tunes (id, tenant_id, provider_file_id, provider_job_id, base_model, status,
                    fine_tuned_model, examples, created_by)
                VALUES (\(job.id), \(tenant), \(job.providerFileID), \(job.providerJobID), \(job.baseModel), \(job.status),
                    \(job.fineTunedModel), \(Int32(job.examples)), \(job.createdBy)::uuid)
                RETURNING \(unescaped: Self.fineTuneColumns)
                """,
                logger: Database.silentLogger
            )
            var created = job
            for try await row in rows.decode(FineTuneRow.self) { created = Self.fineTune(row) }
            var event = audit
            event.resourceID = job.id.uuidString.lowercased()
            _ = try await AuditLedger.append([event], tenant: tenant, on: connection)
            return created
        }
    }

    package func fineTunes(tenant: UUID) async throws -> [FineTune] {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.fineTuneColumns) FROM ai_fine_tunes ORDER BY created_at DESC, id LIMIT 100",
                logger: Database.silentLogger
            )
            var found: [FineTune] = []
            for try await row in rows.decode(FineTuneRow.self) { found.append(Self.fineTune(row)) }
            return found
        }
    }

    package func fineTune(_ id: UUID, tenant: UUID) async throws -> FineTune? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.fineTuneColumns) FROM ai_fine_tunes WHERE id = \(id)",
                logger: Database.silentLogger
            )
            for try await row in rows.decode(FineTuneRow.self) { return Self.fineTune(row) }
            return nil
        }
    }

    /// Records what the provider says of the job now.
    package func updateFineTune(_ id: UUID, status: String, model: String?, tenant: UUID) async throws -> FineTune? {
        try await database.withTenant(tenant) { connection in
            let rows = try await connection.query(
                """
                UPDATE ai_fine_tunes SET status = \(status), fine_tuned_model = COALESCE(\(model)::text, fine_tuned_model),
                    updated_at = now()
                WHERE id = \(id) RETURNING \(unescaped: Self.fineTuneColumns)
                """,
                logger: Database.silentLogger
            )
            for try await row in rows.decode(FineTuneRow.self) { return Self.fineTune(row) }
            return nil
        }
    }
}
