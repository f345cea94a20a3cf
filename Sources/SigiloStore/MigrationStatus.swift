/// How the database's applied migrations compare with the files this build ships.
package struct MigrationStatus: Sendable, Equatable {
    /// Files not yet applied, in order.
    package var pending: [String]
    /// Applied migrations whose file changed since (by checksum).
    package var changed: [String]
    /// Applied migrations this build has no file for, numbered below its newest: the two
    /// histories diverged, and the build refuses the schema.
    package var unknown: [String]
    /// Applied migrations newer than every file of this build: a newer build migrated first.
    /// Tolerated, so old instances keep serving during a rolling deploy (migrations are
    /// written expand-then-contract: a new migration never breaks the previous build).
    package var ahead: [String] = []
    /// How many migrations are applied.
    package var appliedCount: Int

    /// The schema serves this build: nothing pending, changed or unknown (newer is fine).
    package var isCurrent: Bool { pending.isEmpty && changed.isEmpty && unknown.isEmpty }

    /// The schema cannot be served by this build whatever happens next (a changed or unknown
    /// migration); pending ones only need `sigilo migrate`.
    package var refusal: MigrationError? {
        if let name = changed.first { return MigrationError(.checksumMismatch, file: name + ".sql") }
        if let name = unknown.first { return MigrationError(.unknownApplied, file: name) }
        // Newer migrations with some of ours missing is not a rolling deploy but two histories.
        if let name = ahead.first, !pending.isEmpty { return MigrationError(.unknownApplied, file: name) }
        return nil
    }

    /// Compares applied rows with the shipped files.
    /// - Parameters:
    ///   - applied: `(version, name, checksum)` rows of `schema_migrations`.
    ///   - migrations: The files, sorted by version.
    static func compare(applied: [AppliedMigration], with migrations: [Migration]) -> MigrationStatus {
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var changed: [String] = []
        var unknown: [String] = []
        var ahead: [String] = []
        let newest = migrations.last?.version ?? 0
        for row in applied {
            guard let file = byVersion[row.version], file.name == row.name else {
                if row.version > newest { ahead.append(row.name) } else { unknown.append(row.name) }
                continue
            }
            if file.checksum != row.checksum { changed.append(row.name) }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }.map(\.name)
        return MigrationStatus(
            pending: pending,
            changed: changed,
            unknown: unknown,
            ahead: ahead,
            appliedCount: applied.count
        )
    }
}

/// A row of `schema_migrations`.
struct AppliedMigration: Sendable, Equatable {
    var version: Int
    var name: String
    var checksum: String
}
