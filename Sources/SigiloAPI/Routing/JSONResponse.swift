import Foundation
package import HTTPTypes
package import Hummingbird

/// JSON responses with snake_case bodies (each body type names its keys), ISO 8601 dates,
/// sorted keys, and `Cache-Control: no-store` by default: most answers carry data about
/// people or credentials, which caches must not keep.
package enum JSONResponse {
    /// Encodes `body` as the response.
    package static func make(
        _ body: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> Response {
        let encoder = JSONEncoder.api
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        if fields[.cacheControl] == nil { fields[.cacheControl] = "no-store" }
        return Response(
            status: status,
            headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body)))
        )
    }
}

extension JSONEncoder {
    /// How every JSON body is encoded: sorted keys, unescaped slashes, ISO 8601 dates.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
