/// Why a call to an OpenAI-compatible API failed: the one error SigiloAI's clients throw.
///
/// Its ``code`` is a stable snake_case string and its ``description`` a fixed sentence with
/// numbers and the provider's identifiers only (`code`, `type`, `param`): never the key, a
/// prompt, an answer, or the provider's free-text `message`, which can quote the request.
package struct AIError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case unauthorized(status: Int)
        case badRequest(status: Int, provider: ProviderError)
        case rateLimited
        case quotaExceeded
        case server(status: Int)
        case timeout
        case transport
        case invalidResponse
        case unsupported(String)
    }

    /// The identifiers of the provider's error object (`{"error":{"type","code","param"}}`).
    package struct ProviderError: Sendable, Equatable {
        /// `error.code`, e.g. `unsupported_parameter`, `model_not_found`.
        package var code: String?
        /// `error.type`, e.g. `invalid_request_error`.
        package var type: String?
        /// `error.param`, e.g. `max_tokens`.
        package var param: String?

        /// Creates the identifiers.
        package init(code: String? = nil, type: String? = nil, param: String? = nil) {
            self.code = code
            self.type = type
            self.param = param
        }
    }

    private let base: Code
    /// How long the provider asked to wait, for ``rateLimited(retryAfter:)``.
    package let retryAfter: Duration?

    private init(_ base: Code, retryAfter: Duration? = nil) {
        self.base = base
        self.retryAfter = retryAfter
    }

    /// 401/403: the key is missing, wrong or lacks permission.
    package static func unauthorized(status: Int = 401) -> AIError { AIError(.unauthorized(status: status)) }

    /// A 4xx that retrying cannot fix (400 bad parameter, 404 unknown model, 413, 422).
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - provider: The provider's error identifiers, without its message.
    package static func badRequest(status: Int, provider: ProviderError = ProviderError()) -> AIError {
        AIError(.badRequest(status: status, provider: provider))
    }

    /// 429 still, after every retry.
    /// - Parameter retryAfter: The last wait the provider asked for, if any.
    package static func rateLimited(retryAfter: Duration? = nil) -> AIError {
        AIError(.rateLimited, retryAfter: retryAfter)
    }

    /// 429 `insufficient_quota`: the account has no credit; never retried.
    package static let quotaExceeded = AIError(.quotaExceeded)

    /// 5xx still, after every retry.
    package static func server(status: Int) -> AIError { AIError(.server(status: status)) }

    /// No complete answer within the backend's deadline.
    package static let timeout = AIError(.timeout)

    /// The connection failed, after every retry that was safe.
    package static let transport = AIError(.transport)

    /// A 2xx answer that is not what the API documents (or a structured answer without the
    /// expected JSON).
    package static let invalidResponse = AIError(.invalidResponse)

    /// The backend does not offer `feature` (`fine_tuning`, `json_mode`).
    package static func unsupported(_ feature: String) -> AIError { AIError(.unsupported(feature)) }

    /// A stable snake_case code for logs, metrics and API errors.
    package var code: String {
        switch base {
        case .unauthorized: "ai_unauthorized"
        case .badRequest: "ai_bad_request"
        case .rateLimited: "ai_rate_limited"
        case .quotaExceeded: "ai_quota_exceeded"
        case .server: "ai_server_error"
        case .timeout: "ai_timeout"
        case .transport: "ai_unreachable"
        case .invalidResponse: "ai_invalid_response"
        case .unsupported: "ai_unsupported"
        }
    }

    /// The HTTP status behind the error, when there was an answer.
    package var httpStatus: Int? {
        switch base {
        case .unauthorized(let status), .badRequest(let status, _), .server(let status): status
        case .rateLimited, .quotaExceeded: 429
        default: nil
        }
    }

    /// The provider's error identifiers of a ``badRequest(status:provider:)``.
    package var provider: ProviderError? {
        if case .badRequest(_, let provider) = base { return provider }
        return nil
    }

    /// The feature named by ``unsupported(_:)``.
    package var unsupportedFeature: String? {
        if case .unsupported(let feature) = base { return feature }
        return nil
    }

    /// A fixed sentence: codes and numbers only.
    package var description: String {
        switch base {
        case .unauthorized(let status):
            "AI provider refused the credentials (HTTP \(status))"
        case .badRequest(let status, let provider):
            "AI provider rejected the request (HTTP \(status), code \(provider.code ?? "none"), "
                + "param \(provider.param ?? "none"))"
        case .rateLimited:
            "AI provider rate limit still exceeded after retries"
        case .quotaExceeded:
            "AI provider quota exhausted"
        case .server(let status):
            "AI provider failed (HTTP \(status)) after retries"
        case .timeout:
            "AI provider did not answer in time"
        case .transport:
            "AI provider unreachable"
        case .invalidResponse:
            "AI provider answered something unexpected"
        case .unsupported(let feature):
            "AI backend does not support \(feature)"
        }
    }
}
