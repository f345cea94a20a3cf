import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Telling the host CRM of an erasure (LGPD Art. 18 §6): a signed notice, retried until the
/// host answers 2xx.
@Suite("Host CRM notices")
struct HostNotificationTests {
    /// A host CRM on loopback that records what it receives and answers `statuses` in turn.
    final class HostCRM: Sendable {
        struct Received: Sendable {
            var body: String
            var signature: String
            var event: String
        }

        let received = Mutex<[Received]>([])
        let statuses: Mutex<[HTTPResponse.Status]>
        let task = Mutex<Task<Void, Never>?>(nil)

        init(statuses: [HTTPResponse.Status]) {
            self.statuses = Mutex(statuses)
        }

        func start() async throws -> Int {
            let router = Router()
            router.post("/lgpd") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 65536)
                self.received.withLock {
                    $0.append(
                        Received(
                            body: String(buffer: body),
                            signature: request.headers[HTTPField.Name("X-Sigilo-Signature")!] ?? "",
                            event: request.headers[HTTPField.Name("X-Sigilo-Event")!] ?? ""
                        )
                    )
                }
                let status = self.statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
                return Response(status: status)
            }
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            var logger = Logger(label: "host-crm")
            logger.logLevel = .critical
            let app = Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in
                    continuation.yield(channel.localAddress?.port ?? 0)
                    continuation.finish()
                },
                logger: logger
            )
            task.withLock { $0 = Task { try? await app.run() } }
            var iterator = ports.makeAsyncIterator()
            return await iterator.next() ?? 0
        }

        func stop() {
            task.withLock { $0?.cancel() }
        }
    }

    @Test("an erasure sends subject.erased, signed, to the host CRM, again after a 500 until delivered")
    func erasureNotice() async throws {
        let host = HostCRM(statuses: [.internalServerError])
        let port = try await host.start()
        defer { host.stop() }
        let overrides = ["lgpd.hostWebhookHosts": "127.0.0.1", "lgpd.hostNotifyInterval": "1s"]
        try await WhatsAppFixture.with(overrides: overrides) { fixture in
            let secret = "host-crm-secret-0123456789"
            let configured = try await fixture.client.json(
                .put,
                "/settings/host-webhook",
                body: ["url": "http://127.0.0.1:\(port)/lgpd", "secret": secret],
                token: fixture.admin
            )
            #expect(configured.status == .ok)
            let shown = try await fixture.client.json(.get, "/settings/host-webhook", token: fixture.admin)
            #expect(shown["url"] == "http://127.0.0.1:\(port)/lgpd" && shown["secret"] == nil)
            #expect(try await fixture.count("SELECT count(*) FROM host_webhooks WHERE secret_sealed IS NOT NULL") == 1)

            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let request = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "erasure"],
                token: officer
            )
            let id = try #require(request["id"])
            _ = try await fixture.client.json(.post, "/dsr/\(id)/approve", token: officer)
            #expect(try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer).status == .ok)
            // The first attempt gets a 500; the next one, 2 seconds later, is delivered.
            #expect(
                try await fixture.eventually(timeout: .seconds(20)) {
                    try await fixture.count("SELECT count(*) FROM host_notifications WHERE state = 'delivered'") == 1
                }
            )
            let received = host.received.withLock { $0 }
            #expect(received.count == 2)
            let notice = try #require(received.last)
            #expect(notice.event == "subject.erased")
            let payload = try #require(JSONSerialization.jsonObject(with: Data(notice.body.utf8)) as? [String: String])
            #expect(payload["contact_id"] == contact && payload["request_id"] == id)
            #expect(!notice.body.contains("Maria"))
            // t=<time>,v1=<HMAC-SHA256(secret, "<time>.<body>")>
            let parts = Dictionary(
                uniqueKeysWithValues: notice.signature.split(separator: ",").compactMap { part in
                    part.split(separator: "=", maxSplits: 1).map(String.init).count == 2
                        ? (String(part.split(separator: "=")[0]), String(part.split(separator: "=", maxSplits: 1)[1]))
                        : nil
                }
            )
            let time = try #require(parts["t"])
            let expected = HMAC<SHA256>.authenticationCode(
                for: Data("\(time).\(notice.body)".utf8),
                using: SymmetricKey(data: Data(secret.utf8))
            ).map { String(format: "%02x", $0) }.joined()
            #expect(parts["v1"] == expected)
        }
    }

    @Test("the endpoint must be https or an allowed host, with a real secret; only settings:manage sets it")
    func endpointRules() async throws {
        try await WhatsAppFixture.with { fixture in
            let cases: [([String: Any], String)] = [
                (["url": "http://crm.example.com/lgpd", "secret": "0123456789abcdef"], "url"),
                (["url": "ftp://crm.example.com/lgpd", "secret": "0123456789abcdef"], "url"),
                (["url": "https://crm.example.com/lgpd", "secret": "curto"], "secret"),
                (["url": "https://crm.example.com/lgpd", "secret": "com espaço 0123456789"], "secret"),
                (["url": "https://crm.example.com/lgpd"], "secret"),
            ]
            for (body, field) in cases {
                let reply = try await fixture.client.json(
                    .put,
                    "/settings/host-webhook",
                    body: body,
                    token: fixture.admin
                )
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.errorMessage.contains(field), "\(body): \(reply.errorMessage)")
            }
            #expect(
                try await fixture.client.json(.get, "/settings/host-webhook", token: fixture.admin).status == .notFound
            )
            let good = ["url": "https://crm.example.com/lgpd", "secret": "0123456789abcdef"]
            #expect(
                try await fixture.client.json(.put, "/settings/host-webhook", body: good, token: fixture.agent).status
                    == .forbidden
            )
            #expect(
                try await fixture.client.json(.put, "/settings/host-webhook", body: good, token: fixture.admin).status
                    == .ok
            )
            #expect(
                try await fixture.client.json(.delete, "/settings/host-webhook", token: fixture.admin).status
                    == .noContent
            )
        }
    }
}
