/// Parsers for configuration values read as text, so that every module fails the same way
/// on a bad value: a ``ConfigurationError`` naming the key, at start-up, before serving.
///
/// Values are read as strings on purpose: swift-configuration's typed getters return `nil`
/// for a value they cannot convert, which would silently fall back to a default.
public enum ConfigurationValue {
    /// Parses a decimal integer within `range`.
    /// - Parameters:
    ///   - raw: The text read from configuration.
    ///   - key: The dotted key, for the error.
    ///   - range: The accepted values.
    public static func integer(_ raw: String, key: String, in range: ClosedRange<Int>) throws -> Int {
        let trimmed = raw.trimmingWhitespace()
        guard let value = Int(trimmed), range.contains(value) else {
            throw ConfigurationError(
                key: key,
                expectation: "an integer between \(range.lowerBound) and \(range.upperBound)"
            )
        }
        return value
    }

    /// Parses a size in bytes: a plain integer or one with a binary suffix (`512KiB`, `1MiB`, `2GiB`).
    /// - Parameters:
    ///   - raw: The text read from configuration.
    ///   - key: The dotted key, for the error.
    ///   - range: The accepted sizes, in bytes.
    public static func byteSize(_ raw: String, key: String, in range: ClosedRange<Int>) throws -> Int {
        let trimmed = raw.trimmingWhitespace()
        let units: [(suffix: String, multiplier: Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("B", 1),
        ]
        var number = Substring(trimmed)
        var multiplier = 1
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            multiplier = unit.multiplier
            break
        }
        let error = ConfigurationError(
            key: key,
            expectation: "a size between \(range.lowerBound) and \(range.upperBound) bytes (e.g. 1048576 or 1MiB)"
        )
        guard let count = Int(number.trimmingWhitespace()), count >= 0 else { throw error }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow, range.contains(bytes) else { throw error }
        return bytes
    }

    /// Parses a duration in seconds, with an optional `ms`, `s`, `m`, `h` or `d` suffix
    /// (`250ms`, `5s`, `5`, `15m`, `12h`, `30d`).
    /// - Parameters:
    ///   - raw: The text read from configuration.
    ///   - key: The dotted key, for the error.
    ///   - range: The accepted durations.
    public static func duration(_ raw: String, key: String, in range: ClosedRange<Duration>) throws -> Duration {
        let trimmed = raw.trimmingWhitespace()
        let error = ConfigurationError(
            key: key,
            expectation: "a duration between \(range.lowerBound) and \(range.upperBound) (e.g. 5s, 250ms, 15m, 30d)"
        )
        let value: Duration
        let units: [Character: Int] = ["m": 60, "h": 3600, "d": 86400]
        if trimmed.hasSuffix("ms"), let millis = Int(trimmed.dropLast(2)) {
            value = .milliseconds(millis)
        } else if let unit = trimmed.last.flatMap({ units[$0] }), let count = Int(trimmed.dropLast()),
            case (let seconds, false) = count.multipliedReportingOverflow(by: unit)
        {
            value = .seconds(seconds)
        } else if let seconds = Int(trimmed.hasSuffix("s") ? String(trimmed.dropLast()) : trimmed) {
            value = .seconds(seconds)
        } else {
            throw error
        }
        guard range.contains(value) else { throw error }
        return value
    }

    /// Parses one of a fixed set of words, case-insensitively.
    /// - Parameters:
    ///   - raw: The text read from configuration.
    ///   - key: The dotted key, for the error.
    ///   - choices: The accepted words, lower-case.
    /// - Returns: The matching choice, lower-cased.
    public static func choice(_ raw: String, key: String, from choices: [String]) throws -> String {
        let lowered = raw.trimmingWhitespace().lowercased()
        guard choices.contains(lowered) else {
            throw ConfigurationError(key: key, expectation: "one of \(choices.joined(separator: ", "))")
        }
        return lowered
    }

    /// Parses a boolean: `true`/`false`, `yes`/`no`, `1`/`0`, `on`/`off`.
    /// - Parameters:
    ///   - raw: The text read from configuration.
    ///   - key: The dotted key, for the error.
    public static func boolean(_ raw: String, key: String) throws -> Bool {
        switch raw.trimmingWhitespace().lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigurationError(key: key, expectation: "true or false")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
