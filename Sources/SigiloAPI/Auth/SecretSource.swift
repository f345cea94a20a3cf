import Configuration
import Foundation
import SigiloCore

/// Reads a secret given inline (`key`, marked secret) or as a file path (`fileKey`).
///
/// A file readable by group or others is refused: a key that every local user can read is
/// not a secret, and failing at start-up is the moment an operator can fix it.
enum SecretSource {
    static func read(_ reader: ConfigReader, key: String, fileKey: String) throws -> String {
        if let inline = reader.string(forKey: ConfigKey(key), isSecret: true), !inline.isEmpty {
            return inline
        }
        guard let path = reader.string(forKey: ConfigKey(fileKey)), !path.isEmpty else {
            throw ConfigurationError(key: fileKey, expectation: "set (or \(key) given inline)")
        }
        return try readFile(path, fileKey: fileKey)
    }

    /// The path of the file holding the secret, when it is given as a file (not inline).
    static func filePath(_ reader: ConfigReader, key: String, fileKey: String) -> String? {
        if let inline = reader.string(forKey: ConfigKey(key), isSecret: true), !inline.isEmpty { return nil }
        return reader.string(forKey: ConfigKey(fileKey)).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads a secret file, refusing one that group or others can read.
    static func readFile(_ path: String, fileKey: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? NSNumber,
            let data = FileManager.default.contents(atPath: path)
        else {
            throw ConfigurationError(key: fileKey, expectation: "a readable file")
        }
        guard mode.intValue & 0o077 == 0 else {
            throw ConfigurationError(key: fileKey, expectation: "a file only its owner can read (chmod 600)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: fileKey, expectation: "a UTF-8 text file")
        }
        return text
    }
}
