import ArgumentParser
import Foundation
import SigiloAPI
import SigiloCore
import SigiloStore

/// Prints a failure for the operator and picks the exit code.
///
/// Known errors carry operator-safe messages; anything else is named by type only, because
/// an arbitrary error's description could hold connection strings or row values.
enum OperatorError {
    /// Runs `body`, turning a failure into a message on standard error and an exit code
    /// (78 configuration, 65 migrations, 1 anything else).
    static func report<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ConfigurationError {
            printError(error.description)
            throw ExitCode(78)
        } catch let error as MigrationError {
            printError(error.description)
            throw ExitCode(65)
        } catch let error as IdentityAdministration.Failure {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch {
            var message = "failed: \(type(of: error))"
            if let sqlState = StoreError.sqlState(of: error) { message += " (SQLSTATE \(sqlState))" }
            printError(message)
            throw ExitCode(1)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("sigilo: \(message)\n".utf8))
    }
}
