/// What a template is for; Meta prices and reviews each category differently (reference §7).
///
/// Meta may re-categorise a template on review (utility mixed with marketing becomes marketing),
/// so the category read back from Meta wins over the one submitted.
package enum TemplateCategory: String, Sendable, Codable, CaseIterable {
    /// Promotions and anything not strictly about an existing transaction.
    case marketing
    /// Updates about something the customer already asked for (a bill, an order).
    case utility
    /// One-time passwords; Meta allows no media header and no link button here.
    case authentication
}
