import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The fake OpenAI's one HTTP responder: collects the body, hands the call to
/// ``FakeOpenAI/handle(_:)`` and writes the reply with its headers.
struct FakeOpenAIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let fake: FakeOpenAI

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        let call = GraphCall(
            method: request.method.rawValue,
            path: request.uri.path,
            query: [:],
            authorization: request.headers[.authorization],
            contentType: request.headers[.contentType],
            body: Data(body.readableBytesView)
        )
        let reply = await fake.handle(call)
        fake.logger.debug(
            "fake OpenAI request",
            metadata: ["fake.method": "\(call.method)", "fake.path": "\(call.path)", "fake.status": "\(reply.status)"]
        )
        var headers: HTTPFields = [.contentType: reply.contentType]
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }
}
