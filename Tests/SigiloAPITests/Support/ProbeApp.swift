import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import SigiloAPI

/// A request body with the strict decoding later endpoints use.
struct ProbeBody: Decodable, Sendable {
    var name: String
    var count: Int
    var tags: [String]?
    var nested: Nested?

    struct Nested: Decodable, Sendable {
        var phone: String
        enum CodingKeys: String, CodingKey, CaseIterable { case phone }
        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownFields(CodingKeys.self)
            phone = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .phone)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, count, tags, nested }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        count = try container.decode(Int.self, forKey: .count)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        nested = try container.decodeIfPresent(Nested.self, forKey: .nested)
    }
}

/// An error no route expects, standing for a bug.
struct UnexpectedFailure: Error, CustomStringConvertible {
    var description: String { "leaked detail: maria@example.com +5511987654321" }
}

/// The production router (middleware, error vocabulary, health routes are not needed here)
/// plus probe routes that exercise request decoding and failure paths.
enum ProbeApp {
    static func make(
        maxBodySize: Int = APIConfiguration.defaultMaxBodySize,
        logger: Logger = Logger(label: "probe", factory: { _ in SwiftLogNoOpLogHandler() }),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) -> some ApplicationProtocol {
        let router = buildRouter(configuration: APIConfiguration(maxBodySize: maxBodySize), metrics: metrics) {
            routes in
            routes.post("/probe") { request, context in
                let body = try await request.decodeJSON(as: ProbeBody.self, context: context)
                return "hello \(body.name) x\(body.count)"
            }
            routes.get("/probe") { _, _ in "probe" }
            routes.get("/boom") { _, _ -> String in throw UnexpectedFailure() }
            routes.get("/items/{id}") { _, context in context.parameters.get("id") ?? "" }
        }
        return Application(router: router, logger: logger)
    }
}

/// The decoded error envelope of a response, failing the test if the shape is wrong.
struct DecodedEnvelope: Decodable, Equatable {
    struct Body: Decodable, Equatable {
        var code: String
        var message: String
        var request_id: String
    }
    var error: Body

    init(_ response: TestResponse) throws {
        self = try JSONDecoder().decode(DecodedEnvelope.self, from: Data(response.body.readableBytesView))
        let raw = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        guard raw?.keys.sorted() == ["error"],
            (raw?["error"] as? [String: Any])?.keys.sorted() == ["code", "message", "request_id"]
        else { throw EnvelopeShapeError() }
    }

    struct EnvelopeShapeError: Error {}
}

extension TestClientProtocol {
    /// POSTs `json` text to `uri` with the given content type.
    func post(_ uri: String, json: String, contentType: String? = "application/json") async throws -> TestResponse {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}
