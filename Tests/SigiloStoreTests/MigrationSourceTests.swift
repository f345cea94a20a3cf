import Foundation
import SigiloTesting
import Testing

@testable import SigiloStore

@Suite("Reading the migrations folder")
struct MigrationSourceTests {
    @Test("files load in version order with a SHA-256 over their bytes; other files are ignored")
    func loadsInOrder() throws {
        let folder = try MigrationFolder([
            "0002_second.sql": "SELECT 2;", "0001_first.sql": "SELECT 1;", "README.md": "notes",
            "0010_tenth.sql": "SELECT 10;",
        ])
        let migrations = try MigrationSource.load(directory: folder.path)
        #expect(migrations.map(\.name) == ["0001_first", "0002_second", "0010_tenth"])
        #expect(migrations.map(\.version) == [1, 2, 10])
        // sha256("SELECT 1;")
        #expect(migrations[0].checksum == "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")
        #expect(migrations[0].checksum != migrations[1].checksum)
    }

    @Test(
        "a badly named .sql file is refused, not skipped",
        arguments: ["1_short.sql", "0001-dash.sql", "0001_Upper.sql", "abcd_x.sql", "0000_zero.sql"]
    )
    func refusesBadNames(fileName: String) throws {
        let folder = try MigrationFolder(["0001_ok.sql": "SELECT 1;", fileName: "SELECT 2;"])
        #expect(throws: MigrationError(.badFileName, file: fileName)) {
            try MigrationSource.load(directory: folder.path)
        }
    }

    @Test("two files with one version are refused")
    func refusesDuplicateVersions() throws {
        let folder = try MigrationFolder(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        #expect(throws: MigrationError(.duplicateVersion, file: "0001_b.sql")) {
            try MigrationSource.load(directory: folder.path)
        }
    }

    @Test("a missing folder is a clear error")
    func missingFolder() {
        #expect(throws: MigrationError.self) { try MigrationSource.load(directory: "/nonexistent/sigilo-migrations") }
    }

    @Test("a file that manages its own transaction is refused")
    func refusesTransactionControl() throws {
        let migration = try Migration(
            version: 1,
            name: "0001_x",
            contents: Data("CREATE TABLE a (x int);\nCOMMIT;".utf8)
        )
        #expect(throws: MigrationError(.transactionControl, file: "0001_x", line: 2)) { try migration.statements() }
    }

    @Test("the shipped migrations load")
    func shippedMigrationsLoad() throws {
        let migrations = try MigrationSource.load(directory: RepositoryPaths.migrations)
        #expect(migrations.first?.name == "0001_baseline")
        for migration in migrations { _ = try migration.statements() }
    }
}
