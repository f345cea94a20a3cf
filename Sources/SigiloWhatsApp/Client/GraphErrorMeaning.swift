/// Meta's error codes mapped to ``SendFailure`` (reference §6): a pure table, used for the
/// answers of sends and for the `errors[]` of `failed` status webhooks alike.
///
/// Meta's code wins over the HTTP status (the reference says to branch on `code`, not on the
/// status); the status decides only for codes this table does not know.
package enum GraphErrorMeaning {
    /// Subcode Meta has been reported to give with code 100 when the recipient is not on
    /// WhatsApp.
    private static let recipientNotOnWhatsAppSubcode = 2_494_010

    /// What Meta's error means.
    /// - Parameters:
    ///   - code: The Graph error `code`.
    ///   - subcode: `error_subcode`, when present.
    ///   - httpStatus: The HTTP status of the answer; `nil` for an error in a webhook.
    /// - Returns: The failure's meaning.
    package static func failure(code: Int, subcode: Int?, httpStatus: Int?) -> SendFailure {
        switch code {
        case 0, 190: .tokenExpired
        case 3, 10, 200...299: .permissionMissing
        case 4, 80007: .retryable(.appRateLimit)
        case 130_429: .retryable(.throughput)
        case 131_056: .retryable(.pairRate)
        case 1, 2, 131_000, 131_016: .retryable(.transient)
        case 131_026, 133_010: .invalidNumber
        case 131_047: .windowClosed
        case 131_050: .marketingOptOut
        case 131_048: .spamLimited
        case 131_049: .ecosystemWithheld
        case 132_000, 132_001, 132_005, 132_007, 132_012, 132_015, 132_016: .templateProblem
        case 131_053: .mediaProblem
        case 131_030: .recipientNotAllowed
        case 368, 131_031: .blocked
        case 100 where subcode == recipientNotOnWhatsAppSubcode: .invalidNumber
        case 100: .invalidRequest
        default: httpStatus.map(failure(httpStatus:)) ?? .invalidRequest
        }
    }

    /// What an answer without a known Graph code means, by its HTTP status: 5xx, 408 and
    /// anything outside 4xx are transient, 429 a rate limit, 401 an expired token, 403 a
    /// missing permission, any other 4xx a bad request.
    /// - Parameter httpStatus: The HTTP status.
    /// - Returns: The failure's meaning.
    package static func failure(httpStatus: Int) -> SendFailure {
        switch httpStatus {
        case 401: .tokenExpired
        case 403: .permissionMissing
        case 408: .retryable(.transient)
        case 429: .retryable(.appRateLimit)
        case 400...499: .invalidRequest
        default: .retryable(.transient)
        }
    }

    /// What a webhook's error (`statuses[].errors[]`) means.
    /// - Parameter error: The error object.
    /// - Returns: The failure's meaning.
    package static func failure(of error: GraphError) -> SendFailure {
        failure(code: error.code, subcode: nil, httpStatus: nil)
    }

    /// What a failed call means. Timeouts and connection failures are transient (whether a
    /// resend is safe is the outbox's question, see ``GraphCallError/requestMayHaveBeenSent``);
    /// media checks are media problems; a message refused by validation is a bad request.
    /// - Parameter error: The client's error.
    /// - Returns: The failure's meaning.
    package static func failure(of error: GraphCallError) -> SendFailure {
        error.meaning
    }
}
