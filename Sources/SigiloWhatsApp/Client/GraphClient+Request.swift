import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SigiloCore

/// The one way ``GraphClient`` talks HTTP: Bearer header, deadline, bounded body, Meta's error
/// object decoded, failures classified, fixed log lines.
extension GraphClient {
    /// A complete answer: status, headers and body.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer

        /// Decodes the body as `T`.
        /// - Throws: ``GraphCallError/malformedResponse`` when it is not `T`.
        func decode<T: Decodable>(_ type: T.Type) throws(GraphCallError) -> T {
            do {
                return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
            } catch {
                throw .malformedResponse
            }
        }
    }

    /// What a body larger than allowed means for the caller.
    enum Oversize {
        /// A JSON answer that is too large is not what the API documents.
        case malformed
        /// A media download that is too large is refused as such.
        case mediaTooLarge
    }

    /// `baseURL` followed by the escaped path components and an escaped query.
    func url(_ path: [String], query: [(String, String)] = []) -> String {
        var url = baseURL + "/" + path.map(Self.escape).joined(separator: "/")
        if !query.isEmpty {
            url += "?" + query.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
        }
        return url
    }

    /// Percent-encodes all but RFC 3986's unreserved characters, so an id can never add a path
    /// segment, a query or a fragment.
    static func escape(_ component: String) -> String {
        var escaped = ""
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                escaped.unicodeScalars.append("%")
                escaped.unicodeScalars.append(hex[Int(byte >> 4)])
                escaped.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return escaped
    }

    /// Sends one request and reads its whole answer within ``timeout``.
    ///
    /// The token travels only in the `Authorization` header; log lines are fixed strings with
    /// the operation, status, Meta's code and `fbtrace_id` as metadata, never the URL, token
    /// or body.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The full URL, built with ``url(_:query:)`` (or Meta's media address).
    ///   - body: A JSON body, if any.
    ///   - token: The access token.
    ///   - operation: A fixed name for logs (`send`, `media_info`).
    ///   - maximumBytes: The largest body read.
    ///   - oversize: What a larger body is.
    ///   - logger: The caller's logger.
    /// - Returns: The 2xx answer.
    /// - Throws: ``GraphCallError`` for a non-2xx answer, a timeout, a transport failure or an
    ///   oversized body.
    func perform(
        _ method: HTTPMethod,
        url: String,
        body: Data? = nil,
        token: String,
        operation: String,
        maximumBytes: Int = 4 << 20,
        oversize: Oversize = .malformed,
        logger: Logger
    ) async throws(GraphCallError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let clock = ContinuousClock()
        let started = clock.now
        let answer: Answer
        do {
            answer = try await exchange(request, maximumBytes: maximumBytes, oversize: oversize, logger: logger)
        } catch {
            logger.notice(
                "graph call failed",
                metadata: ["whatsapp.operation": "\(operation)", "error.type": "\(error.code)"]
            )
            throw error
        }
        let milliseconds = Int((clock.now - started) / .milliseconds(1))
        guard (200..<300).contains(answer.status) else {
            let error = Self.failure(of: answer)
            var metadata: Logger.Metadata = [
                "whatsapp.operation": "\(operation)",
                "http.status": "\(answer.status)",
                "http.duration_ms": "\(milliseconds)",
                "error.type": "\(error.code)",
            ]
            if let code = error.graphError?.code { metadata["whatsapp.error_code"] = "\(code)" }
            if let subcode = error.subcode { metadata["whatsapp.error_subcode"] = "\(subcode)" }
            if let trace = error.fbtraceID { metadata["whatsapp.fbtrace_id"] = "\(trace)" }
            logger.notice("graph call refused", metadata: metadata)
            throw error
        }
        logger.debug(
            "graph call succeeded",
            metadata: [
                "whatsapp.operation": "\(operation)",
                "http.status": "\(answer.status)",
                "http.duration_ms": "\(milliseconds)",
            ]
        )
        return answer
    }

    /// Executes `request` with AsyncHTTPClient's deadline for the head, and the time left for
    /// the body (AsyncHTTPClient's deadline stops at the head).
    private func exchange(
        _ request: HTTPClientRequest,
        maximumBytes: Int,
        oversize: Oversize,
        logger: Logger
    ) async throws(GraphCallError) -> Answer {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: .now() + TimeAmount(timeout), logger: logger)
        } catch {
            throw Self.transportFailure(error)
        }
        let tooLarge: GraphCallError = oversize == .mediaTooLarge ? .mediaTooLarge : .malformedResponse
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBytes {
            throw tooLarge
        }
        do {
            let body = try await Deadline.run(within: max(end - clock.now, .zero)) {
                try await response.body.collect(upTo: maximumBytes)
            }
            return Answer(status: Int(response.status.code), headers: response.headers, body: body)
        } catch is Deadline.Exceeded {
            throw .timeout
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw Self.transportFailure(error)
        }
    }

    /// Meta's error object if the body holds one, else the bare status; with `Retry-After`.
    static func failure(of answer: Answer) -> GraphCallError {
        let retryAfter = answer.headers.first(name: "Retry-After")
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 ? Duration.seconds($0) : nil }
        guard let envelope = try? answer.decode(ErrorEnvelope.self) else {
            return .httpStatus(answer.status, retryAfter: retryAfter)
        }
        return .graph(
            envelope.error.graph,
            httpStatus: answer.status,
            subcode: envelope.error.subcode,
            fbtraceID: envelope.error.fbtraceID,
            retryAfter: retryAfter
        )
    }

    /// Classifies a failure of AsyncHTTPClient or NIO. Only failures that certainly happened
    /// before a connection existed say the request was not sent; anything else may have
    /// reached Meta, because a resend without an idempotency key could send twice.
    static func transportFailure(_ error: any Error) -> GraphCallError {
        if let error = error as? GraphCallError { return error }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .timeout
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout,
                .httpProxyHandshakeTimeout, .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown:
                return .transport(requestMayHaveBeenSent: false)
            default:
                return .transport(requestMayHaveBeenSent: true)
            }
        }
        if let channel = error as? ChannelError, Self.isConnectTimeout(channel) {
            return .transport(requestMayHaveBeenSent: false)
        }
        // AsyncHTTPClient reports a refused connection as the socket's connect error.
        if let io = error as? IOError, Self.connectErrors.contains(io.errnoCode) {
            return .transport(requestMayHaveBeenSent: false)
        }
        // NIOPosix's NIOConnectionError (refused, unreachable, DNS failure) is thrown before
        // any connection exists; Sigilo may not import NIOPosix, so it is recognised by name.
        if String(reflecting: type(of: error)).hasSuffix("NIOConnectionError") {
            return .transport(requestMayHaveBeenSent: false)
        }
        return .transport(requestMayHaveBeenSent: true)
    }

    /// Errors a socket reports only while connecting: nothing was written yet.
    private static let connectErrors: Set<CInt> = [
        POSIXErrorCode.ECONNREFUSED.rawValue, POSIXErrorCode.ENETUNREACH.rawValue,
        POSIXErrorCode.EHOSTUNREACH.rawValue, POSIXErrorCode.EADDRNOTAVAIL.rawValue,
    ]

    private static func isConnectTimeout(_ error: ChannelError) -> Bool {
        if case .connectTimeout = error { return true }
        return false
    }
}

/// Meta's error answer: `{"error":{"message","type","code","error_subcode","error_data",
/// "fbtrace_id"}}`.
private struct ErrorEnvelope: Decodable {
    var error: Body

    struct Body: Decodable {
        var graph: GraphError
        var subcode: Int?
        var fbtraceID: String?

        enum CodingKeys: String, CodingKey {
            case subcode = "error_subcode"
            case fbtraceID = "fbtrace_id"
        }

        init(from decoder: any Decoder) throws {
            graph = try GraphError(from: decoder)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            subcode = try? container.decodeIfPresent(Int.self, forKey: .subcode)
            fbtraceID = try? container.decodeIfPresent(String.self, forKey: .fbtraceID)
        }
    }
}
