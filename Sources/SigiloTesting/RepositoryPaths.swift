import Foundation

/// Paths inside the repository, found from this file's location so tests run from any folder.
package enum RepositoryPaths {
    /// The repository's root folder.
    package static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/SigiloTesting/RepositoryPaths.swift
        return url.path
    }()

    /// `migrations/`.
    package static var migrations: String { root + "/migrations" }

    /// `scripts/`.
    package static var scripts: String { root + "/scripts" }
    /// `policies/` (roles, password policy, common passwords).
    package static var policies: String { root + "/policies" }
}
