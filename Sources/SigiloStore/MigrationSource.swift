import Foundation

/// Reads the migrations folder: every `NNNN_name.sql` file, sorted by version.
package enum MigrationSource {
    /// Loads the migrations in `directory`.
    ///
    /// Files that do not end in `.sql` (a README) are ignored; a `.sql` file whose name does not
    /// match `NNNN_lower_snake.sql`, or two files with one version, are errors, because a
    /// silently skipped migration is worse than a refused start.
    /// - Parameter directory: The folder, absolute or relative to the working directory.
    package static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MigrationError(.directoryUnreadable, file: directory)
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let name = String(fileName.dropLast(4))
            guard let version = version(ofName: name) else {
                throw MigrationError(.badFileName, file: fileName)
            }
            guard let contents = FileManager.default.contents(atPath: directory + "/" + fileName) else {
                throw MigrationError(.directoryUnreadable, file: fileName)
            }
            if migrations.contains(where: { $0.version == version }) {
                throw MigrationError(.duplicateVersion, file: fileName)
            }
            migrations.append(try Migration(version: version, name: name, contents: contents))
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// The version of a name like `0007_add_contacts`, or nil when the name is malformed.
    static func version(ofName name: String) -> Int? {
        let parts = name.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let version = Int(parts[0]),
            version > 0, !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return nil }
        return version
    }
}
