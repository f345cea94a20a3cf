import Foundation
import HTTPTypes

extension APIError {
    /// The contact was merged into another; the message names the survivor (ids are not
    /// personal data), so a client can follow it.
    static func contactMerged(_ id: UUID?, into survivor: UUID) -> APIError {
        let which = id.map { "Contact \($0.lowercasedString)" } ?? "This contact"
        return APIError(
            .gone,
            code: "contact_merged",
            message: "\(which) was merged into contact \(survivor.lowercasedString); use that id."
        )
    }

    /// Stored personal data failed its integrity check (a sealed value changed or moved, or a
    /// key is unreadable): an incident, logged with where it happened, never the data.
    static let sealedDataUnreadable = APIError(
        .internalServerError,
        code: "sealed_data_unreadable",
        message: "Stored personal data failed its integrity check and was not returned; the incident has been logged."
    )
}
