package import Foundation

extension FakeGraphAPI {
    /// A media object held by the fake (uploaded, or attached to a simulated inbound message).
    package struct Media: Sendable {
        package var id: String
        package var bytes: Data
        package var mimeType: String
        /// Lowercase hex SHA-256 of ``bytes``.
        package var sha256: String
    }
}
