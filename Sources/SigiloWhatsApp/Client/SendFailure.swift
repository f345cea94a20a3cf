/// What a failed send means for Sigilo, whatever Meta's code was: the vocabulary the outbox,
/// the API and the database use (reference §6, STYLE.md rule 7).
package enum SendFailure: Sendable, Equatable {
    /// Worth trying again later; the kind sets the wait.
    case retryable(RetryKind)
    /// The number is not on WhatsApp, or cannot receive (131026; also 133010 and code 100
    /// with subcode 2494010): mark the contact's phone unreachable.
    case invalidNumber
    /// More than 24 hours since the customer's last message (131047): only a template may go.
    case windowClosed
    /// The access token expired or was revoked (0, 190): stop the channel until it is replaced.
    case tokenExpired
    /// The person stopped marketing messages (131050): record the opt-out, never retry.
    case marketingOptOut
    /// The app lacks a permission or capability (3, 10, 200–299): a configuration fix.
    case permissionMissing
    /// Meta's spam limit for low quality (131048): pause the campaign.
    case spamLimited
    /// Withheld for the ecosystem's health (131049, a per-user marketing limit): not before
    /// 24 hours.
    case ecosystemWithheld
    /// The template call is wrong, or the template missing, paused or disabled (132000,
    /// 132001, 132005, 132007, 132012, 132015, 132016).
    case templateProblem
    /// The media could not be fetched or is unacceptable (131053), or a download failed its
    /// checks.
    case mediaProblem
    /// The recipient is not in a test number's allowed list (131030).
    case recipientNotAllowed
    /// The business is blocked or its account locked (368, 131031): stop and escalate.
    case blocked
    /// The request itself is wrong (100, any other 4xx, a message that fails validation).
    case invalidRequest

    /// The stable snake_case code stored with the message and returned by the API.
    package var code: String {
        switch self {
        case .retryable(let kind): kind.code
        case .invalidNumber: "invalid_number"
        case .windowClosed: "window_closed"
        case .tokenExpired: "token_expired"
        case .marketingOptOut: "opted_out"
        case .permissionMissing: "permission_missing"
        case .spamLimited: "spam_limited"
        case .ecosystemWithheld: "ecosystem_withheld"
        case .templateProblem: "template_problem"
        case .mediaProblem: "media_problem"
        case .recipientNotAllowed: "recipient_not_allowed"
        case .blocked: "blocked"
        case .invalidRequest: "invalid_request"
        }
    }

    /// Whether trying the same send again later can succeed.
    package var isRetryable: Bool {
        switch self {
        case .retryable: true
        case .invalidNumber, .windowClosed, .tokenExpired, .marketingOptOut, .permissionMissing, .spamLimited,
            .ecosystemWithheld, .templateProblem, .mediaProblem, .recipientNotAllowed, .blocked, .invalidRequest:
            false
        }
    }
}
