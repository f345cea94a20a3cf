package import Foundation
import PostgresNIO

extension Database {
    /// Runs `body` in a transaction whose row-level security scope is `tenant`.
    ///
    /// The setting is transaction-local (`set_config(…, true)`), so a pooled connection never
    /// carries one request's tenant into the next.
    ///
    /// A transaction PostgreSQL chose as a deadlock victim (40P01) is run again, up to twice:
    /// it was rolled back whole, and every body here only touches the database.
    func withTenant<Result: Sendable>(
        _ tenant: UUID,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await tenantTransaction(tenant, body)
            } catch  where attempt < 3 && StoreError.sqlState(of: error) == "40P01" {
                attempt += 1
            }
        }
    }

    private func tenantTransaction<Result: Sendable>(
        _ tenant: UUID,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.run("BEGIN")
            do {
                try await connection.run(
                    "SELECT set_config('sigilo.tenant_id', \(tenant.uuidString.lowercased()), true)"
                )
                let result = try await body(connection)
                try await connection.run("COMMIT")
                return result
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one transaction that visits several tenants, each in turn: `body` calls
    /// the given function to switch the row-level security scope (still transaction-local).
    /// Used by the audit appender to commit many tenants' events in one transaction.
    func withTenants<Result: Sendable>(
        _ body: (PostgresConnection, _ enter: (UUID) async throws -> Void) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.run("BEGIN")
            do {
                let result = try await body(connection) { tenant in
                    try await connection.run(
                        "SELECT set_config('sigilo.tenant_id', \(tenant.uuidString.lowercased()), true)"
                    )
                }
                try await connection.run("COMMIT")
                return result
            } catch {
                try? await connection.run("ROLLBACK")
                throw error
            }
        }
    }

    /// ``strings(unsafeSQL:)`` inside `tenant`'s row-level security scope, for tests and
    /// diagnostics on fixed SQL only. `sql` may hold several statements, run in order in the
    /// one transaction; the last one's rows are returned.
    package func strings(unsafeSQL sql: String, asTenant tenant: UUID) async throws -> [String] {
        try await withTenant(tenant) { connection in
            var rows: [String] = []
            for statement in SQLScript.statements(in: sql) {
                rows = try await Self.firstColumn(of: PostgresQuery(unsafeSQL: statement.text), on: connection)
            }
            return rows
        }
    }
}
