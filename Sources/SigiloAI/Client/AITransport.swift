import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SigiloCore

/// The one way SigiloAI talks HTTP: Bearer header, deadline, bounded body, retries, the
/// provider's error object reduced to identifiers, fixed log lines.
///
/// Log lines carry the operation, status, attempt, wait and the provider's error code as
/// metadata; never the URL's query, the key, a request body or an answer.
struct AITransport: Sendable {
    /// Whether a request may be sent twice.
    enum Idempotency {
        /// Retried after any connection failure (a chat completion, a GET).
        case safe
        /// Retried only when the request certainly never left (an upload, a job creation).
        case unsafe
    }

    /// A complete 2xx answer.
    struct Answer: Sendable {
        var status: Int
        var body: ByteBuffer

        /// Decodes the body as `T`.
        /// - Throws: ``AIError/invalidResponse`` when it is not `T`.
        func decode<T: Decodable>(_ type: T.Type) throws(AIError) -> T {
            do {
                return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
            } catch {
                throw .invalidResponse
            }
        }
    }

    let httpClient: HTTPClient
    let backend: AIBackend
    let retry: RetryPolicy

    /// Sends one request, retrying 408, 409, 429 (not `insufficient_quota`), 5xx and safe
    /// connection failures up to ``AIBackend/maxRetries`` times.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The path after the base URL, starting with `/`.
    ///   - body: The body, if any.
    ///   - contentType: The body's content type.
    ///   - operation: A fixed name for logs (`chat`, `file_upload`).
    ///   - idempotency: Whether a connection failure may be retried.
    ///   - logger: The caller's logger.
    /// - Returns: The 2xx answer.
    /// - Throws: ``AIError``.
    func send(
        _ method: HTTPMethod,
        path: String,
        body: [UInt8]? = nil,
        contentType: String = "application/json",
        operation: String,
        idempotency: Idempotency,
        logger: Logger
    ) async throws(AIError) -> Answer {
        var attempt = 0
        while true {
            let outcome = await once(method, path: path, body: body, contentType: contentType)
            let failure: AIError
            let retryable: Bool
            var hint: Duration?
            switch outcome {
            case .answer(let answer, let headers):
                guard !(200..<300).contains(answer.status) else {
                    logger.debug(
                        "ai call succeeded",
                        metadata: ["ai.operation": "\(operation)", "http.status": "\(answer.status)"]
                    )
                    return answer
                }
                let provider = Self.providerError(answer)
                (failure, retryable) = Self.classify(status: answer.status, provider: provider)
                hint = RetryHint.wait(from: { headers.first(name: $0) })
                var metadata: Logger.Metadata = [
                    "ai.operation": "\(operation)", "http.status": "\(answer.status)", "error.type": "\(failure.code)",
                    "ai.attempt": "\(attempt + 1)",
                ]
                if let code = provider.code { metadata["ai.provider_code"] = "\(code)" }
                logger.notice("ai call refused", metadata: metadata)
            case .failed(let error, let sent):
                failure = error
                retryable = error != .timeout && (idempotency == .safe || !sent)
                logger.notice(
                    "ai call failed",
                    metadata: [
                        "ai.operation": "\(operation)", "error.type": "\(error.code)", "ai.attempt": "\(attempt + 1)",
                    ]
                )
            }
            guard retryable, attempt < backend.maxRetries else {
                if failure.code == AIError.rateLimited().code { throw .rateLimited(retryAfter: hint) }
                throw failure
            }
            let wait = retry.delay(attempt: attempt, hint: hint)
            logger.debug(
                "ai call retried",
                metadata: ["ai.operation": "\(operation)", "ai.retry_delay_ms": "\(Int(wait.seconds * 1000))"]
            )
            do {
                try await retry.sleep(wait)
            } catch {
                throw failure
            }
            attempt += 1
        }
    }

    /// What one attempt produced.
    enum Outcome {
        case answer(Answer, HTTPHeaders)
        /// No answer; `sent` is false when the request certainly never left.
        case failed(AIError, sent: Bool)
    }

    private func once(_ method: HTTPMethod, path: String, body: [UInt8]?, contentType: String) async -> Outcome {
        var request = HTTPClientRequest(url: backend.baseURL + path)
        request.method = method
        if let key = backend.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let clock = ContinuousClock()
        let end = clock.now + backend.timeout
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: .now() + TimeAmount(backend.timeout))
        } catch {
            return Self.transportFailure(error)
        }
        do {
            let collected = try await Deadline.run(within: max(end - clock.now, .zero)) {
                try await response.body.collect(upTo: 16 << 20)
            }
            return .answer(Answer(status: Int(response.status.code), body: collected), response.headers)
        } catch is Deadline.Exceeded {
            return .failed(.timeout, sent: true)
        } catch is NIOTooManyBytesError {
            return .failed(.invalidResponse, sent: true)
        } catch {
            return .failed(.transport, sent: true)
        }
    }
}
