import AsyncHTTPClient
import Foundation
import NIOCore

extension AITransport {
    /// The error a non-2xx status means, and whether it may be retried.
    static func classify(status: Int, provider: AIError.ProviderError) -> (AIError, retryable: Bool) {
        switch status {
        case 401, 403:
            return (.unauthorized(status: status), false)
        case 429 where provider.code == "insufficient_quota" || provider.type == "insufficient_quota":
            return (.quotaExceeded, false)
        case 429:
            return (.rateLimited(), true)
        case 408, 409:
            return (.server(status: status), true)
        case 500...599:
            return (.server(status: status), true)
        default:
            return (.badRequest(status: status, provider: provider), false)
        }
    }

    /// The identifiers of `{"error":{"code","type","param"}}`; the provider's message is never
    /// read, as it can quote the request. Empty when the body is not that envelope.
    static func providerError(_ answer: Answer) -> AIError.ProviderError {
        guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(answer.body.readableBytesView))
        else { return AIError.ProviderError() }
        return AIError.ProviderError(
            code: envelope.error.code?.text,
            type: envelope.error.type,
            param: envelope.error.param
        )
    }

    /// Classifies a failure of AsyncHTTPClient or NIO before any answer: a deadline is a
    /// timeout; failures that certainly happened before a connection existed say so, because
    /// only those may be retried for a request that must not run twice.
    static func transportFailure(_ error: any Error) -> Outcome {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .failed(.timeout, sent: true)
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .invalidURL, .emptyHost,
                .emptyScheme, .alreadyShutdown:
                return .failed(.transport, sent: false)
            default:
                return .failed(.transport, sent: true)
            }
        }
        if let io = error as? IOError, connectErrors.contains(io.errnoCode) {
            return .failed(.transport, sent: false)
        }
        // NIOPosix's NIOConnectionError (refused, unreachable, DNS) comes before any connection;
        // SigiloAI may not import NIOPosix, so it is recognised by name.
        if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") {
            return .failed(.transport, sent: false)
        }
        return .failed(.transport, sent: true)
    }

    private static let connectErrors: Set<CInt> = [
        POSIXErrorCode.ECONNREFUSED.rawValue, POSIXErrorCode.ENETUNREACH.rawValue,
        POSIXErrorCode.EHOSTUNREACH.rawValue, POSIXErrorCode.EADDRNOTAVAIL.rawValue,
    ]
}

/// `{"error":{"message","type","param","code"}}`; `code` is a string at OpenAI, a number at
/// some compatible servers.
private struct ErrorEnvelope: Decodable {
    var error: Body

    struct Body: Decodable {
        var type: String?
        var param: String?
        var code: Code?
    }

    enum Code: Decodable {
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .text(String(number))
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var text: String {
            switch self {
            case .text(let value): value
            }
        }
    }
}
