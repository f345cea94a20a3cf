/// The body of a successful login or refresh (the field names of RFC 6749 §5.1).
package struct TokenPair: Codable, Sendable {
    package var accessToken: String
    package var tokenType: String = "Bearer"
    /// Seconds until the access token expires.
    package var expiresIn: Int
    package var refreshToken: String
    /// Seconds until the refresh token expires.
    package var refreshExpiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case refreshExpiresIn = "refresh_expires_in"
    }
}
