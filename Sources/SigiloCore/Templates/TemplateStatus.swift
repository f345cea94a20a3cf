/// Where a template is in Meta's review; only an approved template may be sent.
///
/// `draft` is Sigilo's own: a template written here and not yet submitted. The others are
/// Meta's (`message_template_status_update` webhook, reference §7).
package enum TemplateStatus: String, Sendable, Codable, CaseIterable {
    /// Written in Sigilo, not yet submitted to Meta.
    case draft
    /// Submitted and waiting for Meta's review (also while an appeal is open).
    case pending
    /// Approved: the only status in which Meta accepts a send.
    case approved
    /// Refused by Meta's review.
    case rejected
    /// Paused by Meta for low quality (send error 132015).
    case paused
    /// Disabled by Meta (send error 132016).
    case disabled
}
