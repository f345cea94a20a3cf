import SigiloWhatsApp
import Testing

@Suite("Meta error codes → send failures")
struct GraphErrorMeaningTests {
    /// Reference §6, one row per code, as the issue lists them.
    static let table: [(Int, SendFailure)] = [
        (0, .tokenExpired), (190, .tokenExpired),
        (3, .permissionMissing), (10, .permissionMissing), (200, .permissionMissing), (250, .permissionMissing),
        (299, .permissionMissing),
        (4, .retryable(.appRateLimit)), (80007, .retryable(.appRateLimit)),
        (130_429, .retryable(.throughput)),
        (131_056, .retryable(.pairRate)),
        (1, .retryable(.transient)), (2, .retryable(.transient)), (131_000, .retryable(.transient)),
        (131_016, .retryable(.transient)),
        (131_026, .invalidNumber), (133_010, .invalidNumber),
        (131_047, .windowClosed),
        (131_050, .marketingOptOut),
        (131_048, .spamLimited),
        (131_049, .ecosystemWithheld),
        (132_000, .templateProblem), (132_001, .templateProblem), (132_005, .templateProblem),
        (132_007, .templateProblem), (132_012, .templateProblem), (132_015, .templateProblem),
        (132_016, .templateProblem),
        (131_053, .mediaProblem),
        (131_030, .recipientNotAllowed),
        (368, .blocked), (131_031, .blocked),
        (100, .invalidRequest),
    ]

    @Test("each listed code maps as the reference says, in a send answer and in a webhook", arguments: table)
    func listed(code: Int, expected: SendFailure) {
        #expect(GraphErrorMeaning.failure(code: code, subcode: nil, httpStatus: 400) == expected)
        #expect(GraphErrorMeaning.failure(of: GraphError(code: code)) == expected)
        #expect(
            GraphErrorMeaning.failure(of: GraphCallError.graph(GraphError(code: code), httpStatus: 400)) == expected
        )
    }

    @Test("the code wins over the HTTP status")
    func codeBeforeStatus() {
        #expect(GraphErrorMeaning.failure(code: 131_026, subcode: nil, httpStatus: 500) == .invalidNumber)
        #expect(GraphErrorMeaning.failure(code: 131_000, subcode: nil, httpStatus: 400) == .retryable(.transient))
    }

    @Test("code 100 with subcode 2494010 (not on WhatsApp) is an invalid number")
    func notOnWhatsApp() {
        #expect(GraphErrorMeaning.failure(code: 100, subcode: 2_494_010, httpStatus: 400) == .invalidNumber)
        #expect(GraphErrorMeaning.failure(code: 100, subcode: 33, httpStatus: 400) == .invalidRequest)
    }

    @Test(
        "unknown codes fall back on the HTTP status",
        arguments: [
            (400, SendFailure.invalidRequest), (404, .invalidRequest), (422, .invalidRequest),
            (401, .tokenExpired), (403, .permissionMissing), (408, .retryable(.transient)),
            (429, .retryable(.appRateLimit)), (500, .retryable(.transient)), (502, .retryable(.transient)),
            (503, .retryable(.transient)),
        ]
    )
    func unknownCode(status: Int, expected: SendFailure) {
        #expect(GraphErrorMeaning.failure(code: 999_999, subcode: nil, httpStatus: status) == expected)
        #expect(GraphErrorMeaning.failure(of: GraphCallError.httpStatus(status)) == expected)
    }

    @Test("an unknown code in a webhook (no HTTP status) is an invalid request, never retried")
    func unknownInWebhook() {
        #expect(GraphErrorMeaning.failure(of: GraphError(code: 999_999)) == .invalidRequest)
    }

    @Test("call failures without a Meta answer")
    func callFailures() {
        #expect(GraphErrorMeaning.failure(of: .timeout) == .retryable(.transient))
        #expect(GraphErrorMeaning.failure(of: .transport(requestMayHaveBeenSent: false)) == .retryable(.transient))
        #expect(GraphErrorMeaning.failure(of: .malformedResponse) == .retryable(.transient))
        #expect(GraphErrorMeaning.failure(of: .mediaChecksumMismatch) == .mediaProblem)
        #expect(GraphErrorMeaning.failure(of: .mediaTooLarge) == .mediaProblem)
        #expect(GraphErrorMeaning.failure(of: .invalidMessage(field: "to", reason: "digits")) == .invalidRequest)
    }

    @Test("stable codes for the API and the database")
    func codes() {
        let codes: [(SendFailure, String)] = [
            (.retryable(.throughput), "throughput_limited"), (.retryable(.appRateLimit), "rate_limited"),
            (.retryable(.pairRate), "pair_rate_limited"), (.retryable(.transient), "temporarily_unavailable"),
            (.invalidNumber, "invalid_number"), (.windowClosed, "window_closed"), (.tokenExpired, "token_expired"),
            (.marketingOptOut, "opted_out"), (.permissionMissing, "permission_missing"),
            (.spamLimited, "spam_limited"), (.ecosystemWithheld, "ecosystem_withheld"),
            (.templateProblem, "template_problem"), (.mediaProblem, "media_problem"),
            (.recipientNotAllowed, "recipient_not_allowed"), (.blocked, "blocked"),
            (.invalidRequest, "invalid_request"),
        ]
        for (failure, code) in codes {
            #expect(failure.code == code)
            let retryable = if case .retryable = failure { true } else { false }
            #expect(failure.isRetryable == retryable)
        }
    }

    @Test("error codes and descriptions hold numbers only, never Meta's free text")
    func errorDescription() {
        let error = GraphCallError.graph(
            GraphError(
                code: 131_026,
                title: "Message undeliverable",
                message: "5511987654321",
                details: "5511987654321"
            ),
            httpStatus: 400,
            subcode: 2_494_010,
            fbtraceID: "AwmiSOCojlAkqvjCTjGt37r"
        )
        #expect(error.code == "graph_error")
        #expect(error.description == "graph_error: Graph API error 131026/2494010 (HTTP 400)")
        #expect(error.fbtraceID == "AwmiSOCojlAkqvjCTjGt37r")
        #expect(!error.requestMayHaveBeenSent)
        #expect(GraphCallError.timeout.requestMayHaveBeenSent)
        #expect(GraphCallError.transport(requestMayHaveBeenSent: true).requestMayHaveBeenSent)
        #expect(!GraphCallError.transport(requestMayHaveBeenSent: false).requestMayHaveBeenSent)
    }
}
