import Foundation
import Hummingbird

extension UUID {
    /// The canonical lower-case form (RFC 9562) used on the wire and in URLs; Foundation's
    /// `uuidString` is upper-case.
    var lowercasedString: String { uuidString.lowercased() }
}

extension SigiloRequestContext {
    /// The path parameter `name` as an id; 404 when it is not one (a malformed id names no
    /// resource, as an unknown one does).
    func pathID(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw APIError.notFound }
        return id
    }
}
