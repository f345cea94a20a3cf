import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SigiloFakes
import Testing

/// The fake OpenAI over raw HTTP: validation as OpenAI answers it, and the `/_fake/` routes.
@Suite("Fake OpenAI")
struct FakeOpenAITests {
    /// Calls the fake; returns status, JSON (when it parses) and headers.
    static func call(
        _ fake: FakeOpenAI,
        _ method: String,
        _ path: String,
        _ json: String? = nil,
        key: String? = "sk-fake"
    ) async throws -> (status: Int, json: MetaJSON?, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: fake.origin + path)
        request.method = HTTPMethod(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? MetaJSON.parse(Data(body.readableBytesView)), response.headers)
    }

    static func withFake(_ body: (FakeOpenAI) async throws -> Void) async throws {
        let fake = try await FakeOpenAI.start(.init(apiKey: "sk-fake"), logger: Logger(label: "test.fake-openai"))
        do {
            try await body(fake)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    @Test("bodies are validated as OpenAI does; a wrong key gets the error envelope without the key")
    func validation() async throws {
        try await Self.withFake { fake in
            let noModel = try await Self.call(
                fake,
                "POST",
                "/v1/chat/completions",
                #"{"messages":[{"role":"user","content":"a"}]}"#
            )
            #expect(noModel.status == 400)
            #expect(noModel.json?["error"]?["param"]?.string == "model")
            let empty = try await Self.call(fake, "POST", "/v1/chat/completions", #"{"model":"m","messages":[]}"#)
            #expect(empty.json?["error"]?["code"]?.string == "empty_array")
            let role = try await Self.call(
                fake,
                "POST",
                "/v1/chat/completions",
                #"{"model":"m","messages":[{"role":"robot","content":"a"}]}"#
            )
            #expect(role.json?["error"]?["param"]?.string == "messages[0].role")
            let wrongKey = try await Self.call(
                fake,
                "POST",
                "/v1/chat/completions",
                #"{"model":"m","messages":[{"role":"user","content":"a"}]}"#,
                key: "sk-wrong"
            )
            #expect(wrongKey.status == 401)
            #expect(wrongKey.json?["error"]?["code"]?.string == "invalid_api_key")
            #expect(wrongKey.json?["error"]?["message"]?.string?.contains("sk-wrong") == false)
        }
    }

    @Test("control routes: script a reply, inject a 429 with Retry-After, list requests with bodies, reset")
    func controls() async throws {
        try await Self.withFake { fake in
            _ = try await Self.call(fake, "POST", "/_fake/replies", #"{"replies":[{"content":"primeira"}]}"#, key: nil)
            _ = try await Self.call(fake, "POST", "/_fake/failures", #"{"status":429,"retry_after":"7"}"#, key: nil)
            let body = #"{"model":"m","messages":[{"role":"user","content":"olá"}]}"#
            let limited = try await Self.call(fake, "POST", "/v1/chat/completions", body)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == "7")
            #expect(limited.json?["error"]?["code"]?.string == "rate_limit_exceeded")
            let scripted = try await Self.call(fake, "POST", "/v1/chat/completions", body)
            #expect(scripted.json?["choices"]?.array?.first?["message"]?["content"]?.string == "primeira")
            let echoed = try await Self.call(fake, "POST", "/v1/chat/completions", body)
            #expect(echoed.json?["choices"]?.array?.first?["message"]?["content"]?.string == "Eco: olá")
            let listed = try await Self.call(fake, "GET", "/_fake/requests", key: nil)
            #expect(listed.json?["data"]?.array?.count == 3)
            #expect(listed.json?["data"]?.array?.last?["body"]?.string == body)
            _ = try await Self.call(fake, "POST", "/_fake/reset", key: nil)
            #expect(fake.requests().isEmpty)
        }
    }
}
