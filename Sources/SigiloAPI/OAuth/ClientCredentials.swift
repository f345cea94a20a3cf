import Foundation
import Hummingbird

/// The client's id and secret, from HTTP Basic (RFC 6749 §2.3.1: each part form-urlencoded
/// before base64) or from the body; using both at once is refused.
struct ClientCredentials: Sendable {
    let clientID: String
    let secret: String
    /// Whether HTTP Basic was used (failures then answer 401 with a challenge).
    let viaBasic: Bool

    static func from(_ request: Request, form: FormBody) throws -> ClientCredentials {
        let bodyID = form["client_id"]
        let bodySecret = form["client_secret"]
        if let header = request.headers[.authorization] {
            guard bodySecret == nil else {
                throw OAuthError.invalidRequest("Use one client authentication method, not two.")
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "basic",
                let decoded = Data(base64Encoded: String(parts[1])).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":"),
                let id = FormBody.decode(decoded[..<colon]),
                let secret = FormBody.decode(decoded[decoded.index(after: colon)...])
            else { throw OAuthError.invalidClient(basic: true) }
            if let bodyID, bodyID != id {
                throw OAuthError.invalidRequest("client_id differs from the Basic credentials.")
            }
            return ClientCredentials(clientID: id, secret: secret, viaBasic: true)
        }
        guard let bodyID, let bodySecret else { throw OAuthError.invalidClient(basic: true) }
        return ClientCredentials(clientID: bodyID, secret: bodySecret, viaBasic: false)
    }
}
