import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@testable import SigiloAPI

/// Seeds personal data and secrets into every part of requests and proves none reaches a log.
@Suite("No PII or secrets in logs")
struct LogPrivacyTests {
    static let seeded = [
        "Maria da Silva", "maria.silva@example.com", "+5511987654321", "123.456.789-09",
        "Bearer eyJhbGciOiJFZERTQSJ9.secret",
        "hunter2-password",
    ]

    @Test("paths, queries, headers and bodies carrying PII leave no trace in the logs")
    func nothingSeededIsLogged() async throws {
        let logs = LogCapture()
        try await ProbeApp.make(maxBodySize: 4096, logger: logs.logger).test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = Self.seeded[4]
            headers[.cookie] = "session=\(Self.seeded[5])"
            headers[.contentType] = "application/json"
            let body = #"{"name": "\#(Self.seeded[0])", "count": "\#(Self.seeded[2])", "email": "\#(Self.seeded[1])"}"#
            _ = try await client.execute(
                uri: "/probe?cpf=123.456.789-09",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: body)
            )
            _ = try await client.execute(
                uri: "/items/maria.silva@example.com?phone=+5511987654321",
                method: .get,
                headers: headers
            )
            _ = try await client.execute(uri: "/contacts/+5511987654321", method: .get, headers: headers)
            _ = try await client.execute(uri: "/items/Maria da Silva", method: .delete, headers: headers)
            _ = try await client.execute(uri: "/boom?email=maria.silva@example.com", method: .get, headers: headers)
            let huge = String(repeating: Self.seeded[0], count: 400)
            _ = try await client.execute(uri: "/probe", method: .post, headers: headers, body: ByteBuffer(string: huge))
        }
        #expect(logs.entries.count >= 6)
        for secret in Self.seeded + ["maria", "5511987654321", "hunter2"] {
            #expect(!logs.text.lowercased().contains(secret.lowercased()), "logged: \(secret)")
        }
    }

    @Test("the access log names the route template, not the path")
    func routeTemplateOnly() async throws {
        let logs = LogCapture()
        try await ProbeApp.make(logger: logs.logger).test(.router) { client in
            _ = try await client.execute(uri: "/items/5511987654321", method: .get)
        }
        let line = try #require(logs.entries.first { $0.message == "request completed" })
        #expect(line.metadata["http.route"] == "/items/{id}")
        #expect(line.metadata["http.status"] == "200")
        #expect(line.metadata["http.method"] == "GET")
    }
}
