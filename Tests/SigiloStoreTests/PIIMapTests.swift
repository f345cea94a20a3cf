import Foundation
import SigiloStore
import SigiloTesting
import Testing

/// `policies/pii-map.json` against the migrated schema: every column that can hold text or
/// bytes in a table of tenant data is classified, and what the map calls sealed really is.
@Suite("PII map")
struct PIIMapTests {
    struct Map: Decodable {
        struct Entry: Decodable {
            var `class`: String
            var sealed: Bool
            var indexed: Bool
        }

        var classes: [String: String]
        var columns: [String: Entry]
    }

    static func map() throws -> Map {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.policies + "/pii-map.json"))
        return try JSONDecoder().decode(Map.self, from: data)
    }

    /// The columns the map must cover, with their types.
    static func columns(_ database: TestDatabase) async throws -> [String: String] {
        let owner = database.pool(owner: true, maximumConnections: 1)
        let lines = try await owner.whileRunning {
            try await owner.strings(
                unsafeSQL: """
                    SELECT c.table_name || '.' || c.column_name || ' ' || c.data_type
                    FROM information_schema.columns c
                    WHERE c.table_schema = 'public'
                      AND c.data_type IN ('text', 'bytea', 'jsonb', 'json', 'ARRAY', 'character varying', 'character')
                      AND (c.table_name = 'tenants' OR EXISTS (
                          SELECT 1 FROM information_schema.columns t
                          WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.column_name = 'tenant_id'))
                    ORDER BY 1
                    """
            )
        }
        return Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: " ", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            }
        )
    }

    @Test("every text, bytea, jsonb and array column of a tenant table is in the map, and every entry still exists")
    func everyColumnClassified() async throws {
        let map = try Self.map()
        try await TestDatabase.withMigrated { database in
            let types = try await Self.columns(database)
            let unclassified = Set(types.keys).subtracting(map.columns.keys)
            #expect(unclassified.isEmpty, "add these columns to policies/pii-map.json: \(unclassified.sorted())")
            let stale = Set(map.columns.keys).subtracting(types.keys)
            #expect(stale.isEmpty, "these pii-map entries name no column: \(stale.sorted())")
            for (column, entry) in map.columns {
                #expect(map.classes[entry.class] != nil, "\(column): class \(entry.class) is not defined")
                if entry.sealed { #expect(types[column] == "bytea", "\(column) is sealed, so bytea") }
                #expect(
                    entry.sealed == column.hasSuffix("_sealed"),
                    "\(column): sealed columns, and only they, end in _sealed"
                )
                if entry.class.hasPrefix("personal_") && entry.class != "personal_preference" {
                    #expect(entry.sealed, "\(column) holds \(entry.class), so it must be sealed")
                }
            }
        }
    }

    @Test("a column a migration adds to a tenant table without classifying it is reported")
    func noticesNewColumns() async throws {
        let map = try Self.map()
        try await TestDatabase.withMigrated { database in
            let owner = database.pool(owner: true, maximumConnections: 1)
            _ = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "ALTER TABLE interactions ADD COLUMN nickname text")
            }
            let unclassified = Set(try await Self.columns(database).keys).subtracting(map.columns.keys)
            #expect(unclassified == ["interactions.nickname"])
        }
    }
}
