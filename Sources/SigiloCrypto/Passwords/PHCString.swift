import Foundation

/// An Argon2id hash in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, base64 without
/// padding), read without hashing anything, so limits can be checked before any work is done.
package struct PHCString: Sendable, Equatable {
    package let parameters: Argon2Parameters
    package let salt: [UInt8]
    package let hash: [UInt8]

    package init(parameters: Argon2Parameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// Parses `text`; nil unless it is an Argon2id, version 19 PHC string with salt (≥ 8
    /// bytes) and hash (≥ 4 bytes).
    package init?(_ text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id", fields[2] == "v=19",
            let salt = Self.decode(fields[4]), salt.count >= 8,
            let hash = Self.decode(fields[5]), hash.count >= 4
        else { return nil }
        var values: [Substring: UInt32] = [:]
        for pair in fields[3].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = UInt32(parts[1]), values[parts[0]] == nil else { return nil }
            values[parts[0]] = value
        }
        guard values.count == 3, let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
        self.init(parameters: Argon2Parameters(memoryKiB: m, iterations: t, parallelism: p), salt: salt, hash: hash)
    }

    /// The string form, as libargon2's `argon2id_hash_encoded` writes it.
    package var encoded: String {
        let p = parameters
        return "$argon2id$v=19$m=\(p.memoryKiB),t=\(p.iterations),p=\(p.parallelism)$"
            + Self.encode(salt) + "$" + Self.encode(hash)
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map { [UInt8]($0) }
    }
}
