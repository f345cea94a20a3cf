import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import SigiloAPI

/// Every class of bad input gets a 4xx in the one envelope; none answers 500.
@Suite("Error envelope")
struct ErrorEnvelopeTests {
    private func expectError(
        _ response: TestResponse,
        status: HTTPResponse.Status,
        code: String,
        messageContains: String? = nil
    ) throws {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let envelope = try DecodedEnvelope(response)
        #expect(envelope.error.code == code)
        #expect(envelope.error.request_id == response.headers[.xRequestID])
        if let messageContains { #expect(envelope.error.message.contains(messageContains)) }
    }

    @Test("a valid body is decoded")
    func validBody() async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.post("/probe", json: #"{"name":"São Paulo 🎉","count":3,"tags":["a"]}"#)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "hello São Paulo 🎉 x3")
        }
    }

    @Test(
        "malformed JSON answers 400 malformed_json",
        arguments: [#"{"name": "x", "count": 1"#, "not json", #"{"name": "x"} trailing"#, "[1,2", #"{"name": 'x'}"#]
    )
    func malformedJSON(body: String) async throws {
        try await ProbeApp.make().test(.router) { client in
            try expectError(try await client.post("/probe", json: body), status: .badRequest, code: "malformed_json")
        }
    }

    @Test("an empty body answers 400 empty_body")
    func emptyBody() async throws {
        try await ProbeApp.make().test(.router) { client in
            try expectError(try await client.post("/probe", json: ""), status: .badRequest, code: "empty_body")
        }
    }

    @Test(
        "a wrong type answers 422 invalid_field naming the field, never the value",
        arguments: [
            (#"{"name": 42, "count": 1}"#, "name"),
            (#"{"name": "x", "count": "1"}"#, "count"),
            (#"{"name": "x", "count": 1, "tags": ["a", 7]}"#, "tags[1]"),
            (#"{"name": "x", "count": 1, "nested": {"phone": false}}"#, "nested.phone"),
            (#"{"name": null, "count": 1}"#, "name"),
        ]
    )
    func wrongTypes(body: String, field: String) async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.post("/probe", json: body)
            try expectError(
                response,
                status: .unprocessableContent,
                code: "invalid_field",
                messageContains: "'\(field)'"
            )
        }
    }

    @Test("a number that does not fit its field answers 422 invalid_field", arguments: ["1.5", "99999999999999999999"])
    func numberOutOfRange(number: String) async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.post("/probe", json: #"{"name": "x", "count": \#(number)}"#)
            try expectError(response, status: .unprocessableContent, code: "invalid_field")
        }
    }

    @Test("a missing field answers 422 missing_field")
    func missingField() async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.post("/probe", json: #"{"name": "x"}"#)
            try expectError(response, status: .unprocessableContent, code: "missing_field", messageContains: "'count'")
        }
    }

    @Test("an unknown field answers 422 unknown_field, at any depth")
    func unknownField() async throws {
        try await ProbeApp.make().test(.router) { client in
            let top = try await client.post("/probe", json: #"{"name": "x", "count": 1, "conset": true}"#)
            try expectError(top, status: .unprocessableContent, code: "unknown_field", messageContains: "'conset'")
            let deep = try await client.post(
                "/probe",
                json: #"{"name": "x", "count": 1, "nested": {"phone": "1", "ddd": "11"}}"#
            )
            try expectError(deep, status: .unprocessableContent, code: "unknown_field", messageContains: "'nested.ddd'")
        }
    }

    @Test("a body over the limit answers 413 before it is read")
    func oversizedBody() async throws {
        try await ProbeApp.make(maxBodySize: 1024).test(.router) { client in
            let name = String(repeating: "a", count: 2000)
            let response = try await client.post("/probe", json: #"{"name": "\#(name)", "count": 1}"#)
            try expectError(response, status: .contentTooLarge, code: "payload_too_large", messageContains: "1024")
            let small = try await client.post("/probe", json: #"{"name": "a", "count": 1}"#)
            #expect(small.status == .ok)
        }
    }

    @Test("the default limit is 1 MiB")
    func defaultLimit() async throws {
        try await ProbeApp.make().test(.router) { client in
            let over = String(repeating: "a", count: 1 << 20)
            let response = try await client.post("/probe", json: #"{"name": "\#(over)", "count": 1}"#)
            try expectError(response, status: .contentTooLarge, code: "payload_too_large", messageContains: "1048576")
        }
    }

    @Test(
        "a body that is not JSON answers 415",
        arguments: [
            Optional("text/plain"), Optional("application/x-www-form-urlencoded"), Optional("application/jsonx"), nil,
        ]
    )
    func unsupportedMediaType(contentType: String?) async throws {
        try await ProbeApp.make().test(.router) { client in
            let response = try await client.post(
                "/probe",
                json: #"{"name": "x", "count": 1}"#,
                contentType: contentType
            )
            try expectError(response, status: .unsupportedMediaType, code: "unsupported_media_type")
        }
    }

    @Test("JSON media types with parameters or a +json suffix are accepted")
    func jsonMediaTypes() async throws {
        try await ProbeApp.make().test(.router) { client in
            for type in ["application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"] {
                let response = try await client.post("/probe", json: #"{"name": "x", "count": 1}"#, contentType: type)
                #expect(response.status == .ok, "content type \(type)")
            }
        }
    }

    @Test("an unknown path answers 404 route_not_found")
    func unknownRoute() async throws {
        try await ProbeApp.make().test(.router) { client in
            for uri in ["/nope", "/probe/extra", "/items", "/items/1/2"] {
                try expectError(
                    try await client.execute(uri: uri, method: .get),
                    status: .notFound,
                    code: "route_not_found"
                )
            }
        }
    }

    @Test("a known path with another method answers 405 with Allow")
    func wrongMethod() async throws {
        try await ProbeApp.make().test(.router) { client in
            let delete = try await client.execute(uri: "/probe", method: .delete)
            try expectError(delete, status: .methodNotAllowed, code: "method_not_allowed")
            #expect(delete.headers[.allow] == "POST, GET, HEAD")
            let put = try await client.execute(uri: "/items/42", method: .put)
            try expectError(put, status: .methodNotAllowed, code: "method_not_allowed")
            #expect(put.headers[.allow] == "GET, HEAD")
        }
    }

    @Test("an unexpected error answers 500 internal with no detail, logged by type only")
    func unexpectedError() async throws {
        let logs = LogCapture()
        try await ProbeApp.make(logger: logs.logger).test(.router) { client in
            let response = try await client.execute(uri: "/boom", method: .get)
            try expectError(response, status: .internalServerError, code: "internal")
            #expect(!String(buffer: response.body).contains("leaked"))
        }
        let entry = try #require(logs.entries.first { $0.message == "unexpected error" })
        #expect(entry.level == .error)
        #expect(entry.metadata["error.type"] == "UnexpectedFailure")
        #expect(!logs.text.contains("leaked"))
        #expect(!logs.text.contains("maria@example.com"))
    }
}
