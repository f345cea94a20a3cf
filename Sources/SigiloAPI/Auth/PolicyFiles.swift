import Foundation
import SigiloCore
import SigiloCrypto

/// Loads the machine-readable policies of `policies/` at start-up; a bad file stops the server.
enum PolicyFiles {
    static func roles(directory: String) throws -> PermissionPolicy {
        let data = try read(directory, "roles.json")
        do {
            return try PermissionPolicy(json: data)
        } catch {
            throw ConfigurationError(
                key: "auth.policiesDirectory",
                expectation: "holding a valid roles.json (\(error))"
            )
        }
    }

    static func commonPasswords(directory: String) throws -> PasswordRules {
        let data = try read(directory, "common-passwords.txt")
        return PasswordRules(commonPasswords: String(decoding: data, as: UTF8.self))
    }

    static func read(_ directory: String, _ name: String) throws -> Data {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "auth.policiesDirectory", expectation: "a directory holding \(name)")
        }
        return data
    }
}

/// `policies/passwords.json`: Argon2id parameters for new hashes and the ceiling for stored ones.
struct PasswordPolicyFile: Decodable {
    var version: Int
    var argon2id: Argon2Parameters
    var ceiling: Argon2Parameters

    static func load(directory: String) throws -> PasswordPolicyFile {
        let data = try PolicyFiles.read(directory, "passwords.json")
        guard let file = try? JSONDecoder().decode(PasswordPolicyFile.self, from: data), file.version == 1 else {
            throw ConfigurationError(key: "auth.policiesDirectory", expectation: "holding a valid passwords.json")
        }
        guard file.argon2id.meetsFloor else {
            throw ConfigurationError(
                key: "auth.policiesDirectory",
                expectation: "a passwords.json at or above Argon2id m=19456 KiB, t=2, p=1 (OWASP)"
            )
        }
        guard file.argon2id.isWithin(file.ceiling) else {
            throw ConfigurationError(
                key: "auth.policiesDirectory",
                expectation: "a passwords.json policy within its ceiling"
            )
        }
        return file
    }
}
