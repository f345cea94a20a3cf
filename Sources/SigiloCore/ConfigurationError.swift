/// A configuration value that is missing or cannot be used, raised at start-up.
///
/// The message names the key and what was expected, never the value itself: a bad value may
/// be a secret pasted into the wrong variable, and start-up errors end up in logs.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configuration key, in its dotted form (`http.port`); docs/configuration.md lists them.
    public let key: String
    /// What was expected, written for the operator (`an integer between 1 and 65535`).
    public let expectation: String

    /// Creates an error for `key`, explaining what a valid value looks like.
    /// - Parameters:
    ///   - key: The dotted configuration key.
    ///   - expectation: What a valid value is; must not quote the rejected value.
    public init(key: String, expectation: String) {
        self.key = key
        self.expectation = expectation
    }

    public var description: String {
        "configuration \(key) (env \(ConfigurationKeyName.environmentName(of: key))) must be \(expectation)"
    }
}
