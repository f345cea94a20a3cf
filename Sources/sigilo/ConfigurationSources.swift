import Configuration

/// Where the executable reads configuration: explicit flags first, then the environment.
enum ConfigurationSources {
    /// A reader over `flags` (dotted keys to values given on the command line) and the environment.
    static func reader(flags: [String: String?] = [:]) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for case let (key, value?) in flags {
            values[AbsoluteConfigKey(stringLiteral: key)] = ConfigValue(.string(value), isSecret: false)
        }
        return ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(),
        ])
    }
}
