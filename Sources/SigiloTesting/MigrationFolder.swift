import Foundation

/// A temporary folder of migration files for a test, removed when the value is released.
package final class MigrationFolder: Sendable {
    /// The folder's path.
    package let path: String

    /// Writes `files` (name → SQL text) into a new temporary folder.
    package init(_ files: [String: String]) throws {
        path = NSTemporaryDirectory() + "sigilo-migrations-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, contents) in files { try write(name, contents) }
    }

    /// Adds or replaces one file.
    package func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
