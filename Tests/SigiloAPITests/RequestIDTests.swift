import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import SigiloAPI

@Suite("Request ids")
struct RequestIDPropagationTests {
    private func headers(_ id: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.xRequestID] = id
        return headers
    }

    @Test("a client's id comes back in the header, the error body and every log line")
    func suppliedIDPropagates() async throws {
        let logs = LogCapture()
        try await ProbeApp.make(logger: logs.logger).test(.router) { client in
            let ok = try await client.execute(uri: "/probe", method: .get, headers: headers("client-id-1"))
            #expect(ok.headers[.xRequestID] == "client-id-1")
            let failed = try await client.execute(uri: "/nope", method: .get, headers: headers("client-id-2"))
            #expect(failed.headers[.xRequestID] == "client-id-2")
            #expect(try DecodedEnvelope(failed).error.request_id == "client-id-2")
        }
        let ids = logs.entries.filter { $0.message == "request completed" }.compactMap {
            $0.metadata["hb.request.id"]?.description
        }
        #expect(ids == ["client-id-1", "client-id-2"])
    }

    @Test("an unsafe client id is replaced by a generated one")
    func unsafeIDReplaced() async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.execute(
                uri: "/nope",
                method: .get,
                headers: headers("evil\u{7f}id with spaces")
            )
            let id = try #require(response.headers[.xRequestID])
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
            #expect(try DecodedEnvelope(response).error.request_id == id)
        }
    }

    @Test("requests without an id each get a distinct one")
    func generatedWhenAbsent() async throws {
        try await ProbeApp.make().test(.router) { client in
            var seen = Set<String>()
            for _ in 0..<20 {
                let response = try await client.execute(uri: "/probe", method: .get)
                seen.insert(try #require(response.headers[.xRequestID]))
            }
            #expect(seen.count == 20)
        }
    }
}
