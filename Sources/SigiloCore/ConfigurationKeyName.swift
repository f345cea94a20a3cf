/// How a dotted configuration key is spelled as an environment variable.
///
/// Mirrors swift-configuration's environment key encoding (`http.maxBodySize` →
/// `HTTP_MAX_BODY_SIZE`), so error messages name the variable an operator actually sets.
public enum ConfigurationKeyName {
    /// The environment variable name for a dotted, camel-cased key.
    /// - Parameter key: A key such as `database.poolSize`.
    /// - Returns: The variable name, such as `DATABASE_POOL_SIZE`.
    public static func environmentName(of key: String) -> String {
        var name = ""
        var previousWasLowercase = false
        for character in key {
            if character == "." {
                name.append("_")
                previousWasLowercase = false
                continue
            }
            if character.isUppercase && previousWasLowercase {
                name.append("_")
            }
            name.append(contentsOf: character.uppercased())
            previousWasLowercase = character.isLowercase || character.isNumber
        }
        return name
    }
}
