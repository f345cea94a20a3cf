import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The fake's one HTTP responder: collects the body, hands the call to ``FakeGraphAPI/handle(_:)``
/// and records what was answered.
struct FakeGraphResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let fake: FakeGraphAPI

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        let call = GraphCall(
            method: request.method.rawValue,
            path: request.uri.path,
            query: Dictionary(
                request.uri.queryParameters.map { (String($0.key), String($0.value)) },
                uniquingKeysWith: { first, _ in first }
            ),
            authorization: request.headers[.authorization],
            contentType: request.headers[.contentType],
            body: Data(body.readableBytesView)
        )
        let reply = await fake.handle(call)
        fake.logger.debug(
            "fake Graph API request",
            metadata: ["fake.method": "\(call.method)", "fake.path": "\(call.path)", "fake.status": "\(reply.status)"]
        )
        return Response(
            status: HTTPResponse.Status(code: reply.status),
            headers: [.contentType: reply.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }
}

/// One request, as the fake's handlers see it.
struct GraphCall: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var authorization: String?
    var contentType: String?
    var body: Data

    /// The non-empty path components.
    var segments: [String] { path.split(separator: "/").map(String.init) }
}
