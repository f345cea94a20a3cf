/// The parameters of an Argon2id hash in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
/// read without hashing anything, so limits can be checked before any work is done.
package struct PHCString: Sendable, Equatable {
    package let parameters: Argon2Parameters

    /// Parses `text`; nil unless it is an Argon2id, version 19 PHC string with salt and hash.
    package init?(_ text: String) {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id", fields[2] == "v=19",
            !fields[4].isEmpty, !fields[5].isEmpty
        else { return nil }
        var values: [Substring: UInt32] = [:]
        for pair in fields[3].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = UInt32(parts[1]), values[parts[0]] == nil else { return nil }
            values[parts[0]] = value
        }
        guard values.count == 3, let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
        self.parameters = Argon2Parameters(memoryKiB: m, iterations: t, parallelism: p)
    }
}
