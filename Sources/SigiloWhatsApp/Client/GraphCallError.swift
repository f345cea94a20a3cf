/// Why a call to the Graph API failed: the one error ``GraphClient`` throws.
///
/// Its ``code`` is a stable snake_case string and its ``description`` a fixed sentence with
/// numbers only: never the token, a phone number, message text, or Meta's free-text message
/// (whose `details` can quote the request). Meta's error object stays available in
/// ``graphError`` for code that needs it; ``GraphErrorMeaning`` turns any of these into what
/// the outbox should do.
package struct GraphCallError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case graph(GraphError, httpStatus: Int, subcode: Int?, fbtraceID: String?)
        case httpStatus(Int)
        case timeout
        case transport(requestMayHaveBeenSent: Bool)
        case malformedResponse
        case mediaChecksumMismatch
        case mediaTooLarge
        case invalidMessage(field: String, reason: String)
    }

    private let base: Code
    /// The `Retry-After` of the answer, in seconds, when it had one.
    package let retryAfter: Duration?

    private init(_ base: Code, retryAfter: Duration? = nil) {
        self.base = base
        self.retryAfter = retryAfter
    }

    /// Meta answered with its error object (`{"error":{"code":…}}`).
    /// - Parameters:
    ///   - error: Meta's error: code, title, message, details.
    ///   - httpStatus: The HTTP status of the answer.
    ///   - subcode: `error_subcode`, when present.
    ///   - fbtraceID: `fbtrace_id`, Meta's id for a support request; safe to log.
    ///   - retryAfter: The answer's `Retry-After`, if any.
    package static func graph(
        _ error: GraphError,
        httpStatus: Int,
        subcode: Int? = nil,
        fbtraceID: String? = nil,
        retryAfter: Duration? = nil
    ) -> GraphCallError {
        GraphCallError(
            .graph(error, httpStatus: httpStatus, subcode: subcode, fbtraceID: fbtraceID),
            retryAfter: retryAfter
        )
    }

    /// A non-2xx answer without Meta's error object (a proxy, a load balancer).
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - retryAfter: The answer's `Retry-After`, if any.
    package static func httpStatus(_ status: Int, retryAfter: Duration? = nil) -> GraphCallError {
        GraphCallError(.httpStatus(status), retryAfter: retryAfter)
    }

    /// No complete answer before the deadline, after the request may have reached Meta.
    package static let timeout = GraphCallError(.timeout)

    /// The connection failed. `requestMayHaveBeenSent` is false when no connection was ever
    /// established (refused, unreachable, TLS failure): then a retry cannot send twice.
    /// - Parameter requestMayHaveBeenSent: Whether any of the request may have reached Meta.
    package static func transport(requestMayHaveBeenSent: Bool) -> GraphCallError {
        GraphCallError(.transport(requestMayHaveBeenSent: requestMayHaveBeenSent))
    }

    /// A 2xx answer whose body is not what the API documents (or too large to read).
    package static let malformedResponse = GraphCallError(.malformedResponse)

    /// Downloaded media whose SHA-256 differs from the one Meta announced.
    package static let mediaChecksumMismatch = GraphCallError(.mediaChecksumMismatch)

    /// Media larger than the caller accepts.
    package static let mediaTooLarge = GraphCallError(.mediaTooLarge)

    /// A message that breaks a Cloud API limit, refused before anything is sent.
    /// - Parameters:
    ///   - field: The wire field at fault (`text.body`, `biz_opaque_callback_data`).
    ///   - reason: What it must be; must not quote the value.
    package static func invalidMessage(field: String, reason: String) -> GraphCallError {
        GraphCallError(.invalidMessage(field: field, reason: reason))
    }

    /// The stable code: `graph_error`, `http_status`, `timeout`, `transport`,
    /// `malformed_response`, `media_checksum_mismatch`, `media_too_large` or `invalid_message`.
    package var code: String {
        switch base {
        case .graph: "graph_error"
        case .httpStatus: "http_status"
        case .timeout: "timeout"
        case .transport: "transport"
        case .malformedResponse: "malformed_response"
        case .mediaChecksumMismatch: "media_checksum_mismatch"
        case .mediaTooLarge: "media_too_large"
        case .invalidMessage: "invalid_message"
        }
    }

    /// Meta's error object, for a ``graph(_:httpStatus:subcode:fbtraceID:retryAfter:)`` error.
    package var graphError: GraphError? {
        guard case .graph(let error, _, _, _) = base else { return nil }
        return error
    }

    /// The HTTP status of the answer, when there was one.
    package var httpStatus: Int? {
        switch base {
        case .graph(_, let status, _, _), .httpStatus(let status): status
        case .timeout, .transport, .malformedResponse, .mediaChecksumMismatch, .mediaTooLarge, .invalidMessage: nil
        }
    }

    /// Meta's `error_subcode`, when present.
    package var subcode: Int? {
        guard case .graph(_, _, let subcode, _) = base else { return nil }
        return subcode
    }

    /// Meta's `fbtrace_id`, when present.
    package var fbtraceID: String? {
        guard case .graph(_, _, _, let trace) = base else { return nil }
        return trace
    }

    /// The field at fault of an `invalid_message` error.
    package var field: String? {
        guard case .invalidMessage(let field, _) = base else { return nil }
        return field
    }

    /// Whether the request may have reached Meta and been acted on, although no usable answer
    /// came back (a timeout, a connection lost mid-request, a malformed 2xx): resending could
    /// deliver the message twice, as the Cloud API has no idempotency key.
    package var requestMayHaveBeenSent: Bool {
        switch base {
        case .timeout, .malformedResponse: true
        case .transport(let maybeSent): maybeSent
        case .graph, .httpStatus, .mediaChecksumMismatch, .mediaTooLarge, .invalidMessage: false
        }
    }

    /// A fixed sentence: the code and numbers only, safe to log.
    package var description: String {
        switch base {
        case .graph(let error, let status, let subcode, _):
            "graph_error: Graph API error \(error.code)\(subcode.map { "/\($0)" } ?? "") (HTTP \(status))"
        case .httpStatus(let status): "http_status: Graph API answered HTTP \(status) without an error object"
        case .timeout: "timeout: no answer from the Graph API before the deadline"
        case .transport(let maybeSent):
            maybeSent
                ? "transport: the connection to the Graph API failed during the request"
                : "transport: no connection to the Graph API could be established"
        case .malformedResponse: "malformed_response: the Graph API answer could not be read"
        case .mediaChecksumMismatch: "media_checksum_mismatch: the downloaded media does not match its SHA-256"
        case .mediaTooLarge: "media_too_large: the media is larger than allowed"
        case .invalidMessage(let field, let reason): "invalid_message: field '\(field)' must be \(reason)"
        }
    }
}

extension GraphCallError {
    /// What this failure means for a send (``GraphErrorMeaning``). Timeouts and connection
    /// failures are transient (whether a resend is safe is ``requestMayHaveBeenSent``'s
    /// question), failed media checks are media problems, a refused message a bad request.
    package var meaning: SendFailure {
        switch base {
        case .graph(let error, let status, let subcode, _):
            GraphErrorMeaning.failure(code: error.code, subcode: subcode, httpStatus: status)
        case .httpStatus(let status): GraphErrorMeaning.failure(httpStatus: status)
        case .timeout, .transport, .malformedResponse: .retryable(.transient)
        case .mediaChecksumMismatch, .mediaTooLarge: .mediaProblem
        case .invalidMessage: .invalidRequest
        }
    }
}
