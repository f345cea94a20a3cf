import Foundation
package import SigiloStore

/// The PostgreSQL cluster the tests use, from the environment `make test` sets up.
///
/// There is no fallback and no skip: a database test without a database fails, with the
/// command to run.
package enum TestEnvironment {
    /// A role with CREATEDB on the maintenance database (`SIGILO_TEST_OWNER_URL`).
    package static func ownerURL() throws -> DatabaseURL {
        try url("SIGILO_TEST_OWNER_URL")
    }

    /// The application role (`SIGILO_TEST_APP_URL`).
    package static func applicationURL() throws -> DatabaseURL {
        try url("SIGILO_TEST_APP_URL")
    }

    private static func url(_ variable: String) throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else {
            throw TestSetupError(message: "\(variable) is not set: run the tests with `make test`")
        }
        return try DatabaseURL(parsing: text, key: variable)
    }
}

/// The test environment is incomplete.
package struct TestSetupError: Error, CustomStringConvertible {
    package let message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
