/// Meta's answer to a template submission (`POST /{waba-id}/message_templates`): the new
/// template's id, its review status (usually `PENDING`) and the category Meta assigned, which
/// may differ from the one submitted.
package struct TemplateSubmission: Sendable, Equatable {
    /// Meta's id of the template.
    package var id: String
    /// `PENDING`, `APPROVED` or `REJECTED`.
    package var status: String
    /// The category Meta assigned, when it says.
    package var category: String?

    /// Creates a submission result.
    /// - Parameters:
    ///   - id: Meta's id.
    ///   - status: The review status.
    ///   - category: The category Meta assigned.
    package init(id: String, status: String, category: String? = nil) {
        self.id = id
        self.status = status
        self.category = category
    }
}
