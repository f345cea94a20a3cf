import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

extension DevCommand {
    /// `sigilo dev webhook-load`: Meta's side of a busy number, for `make bench` — signed
    /// webhook POSTs, one customer message each (a unique `wamid`, senders cycling over
    /// `--senders` numbers, Portuguese text escaped as Meta escapes it), from `--concurrency`
    /// clients for `--duration` seconds. Prints a JSON report of the acknowledgements.
    struct WebhookLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "webhook-load",
            abstract: "Post signed WhatsApp webhooks at a server and report acknowledgement rate and latency."
        )

        @Option(help: "The server's webhook URL.")
        var url: String

        @Option(help: "The channel's phone-number id.")
        var phoneNumberID: String

        @Option(help: "The WhatsApp Business Account id.")
        var wabaID: String = "100000000000002"

        @Option(help: "Clients posting at once.")
        var concurrency: Int = 64

        @Option(help: "Seconds to run.")
        var duration: Int = 10

        @Option(help: "Distinct customers (their contacts are created on first contact, then found).")
        var senders: Int = 2000

        func run() async throws {
            guard let secret = ProcessInfo.processInfo.environment["FAKE_META_APP_SECRET"] else {
                throw ValidationError("set FAKE_META_APP_SECRET to the channel's app secret")
            }
            let key = SymmetricKey(data: Data(secret.utf8))
            let tally = LoadTally()
            let (url, phoneNumberID, wabaID, senders) = (url, phoneNumberID, wabaID, senders)
            // One connection per client: the shared client's default of 8 per host would queue
            // the others in the load generator and report its queueing as the server's latency.
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60),
                concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency
            )
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let started = ContinuousClock.now
            let deadline = started + .seconds(duration)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        while ContinuousClock.now < deadline {
                            let number = tally.counter.wrappingAdd(1, ordering: .relaxed).oldValue
                            let body = Self.body(
                                number: number,
                                sender: number % max(senders, 1),
                                phoneNumberID: phoneNumberID,
                                wabaID: wabaID
                            )
                            let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.headers.add(
                                name: "X-Hub-Signature-256",
                                value: "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
                            )
                            request.body = .bytes(ByteBuffer(bytes: body))
                            let sent = ContinuousClock.now
                            let ok: Bool
                            do {
                                let response = try await client.execute(request, timeout: .seconds(30))
                                _ = try await response.body.collect(upTo: 1 << 16)
                                ok = response.status.code == 200
                            } catch {
                                ok = false
                            }
                            let elapsed = ContinuousClock.now - sent
                            if ok {
                                tally.latencies.withLock {
                                    $0.append(
                                        Double(elapsed.components.attoseconds) / 1e15 + Double(
                                            elapsed.components.seconds
                                        ) * 1000
                                    )
                                }
                            } else {
                                tally.failures.withLock { $0 += 1 }
                            }
                        }
                    }
                }
            }
            let elapsed = ContinuousClock.now - started
            try await client.shutdown()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let sorted = tally.latencies.withLock { $0.sorted() }
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return (sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000).rounded() / 1000
            }
            let report: [String: Any] = [
                "acknowledged": sorted.count,
                "failed": tally.failures.withLock { $0 },
                "seconds": (seconds * 1000).rounded() / 1000,
                "acknowledged_per_second": (Double(sorted.count) / seconds * 10).rounded() / 10,
                "latency_ms": ["p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99)],
                "concurrency": concurrency,
                "senders": senders,
            ]
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }

        /// One customer text message in Meta's envelope, non-ASCII escaped as `\u` sequences.
        static func body(number: Int, sender: Int, phoneNumberID: String, wabaID: String) -> Data {
            let from = "5511" + String(900_000_000 + sender)
            let stamp = Int(Date().timeIntervalSince1970)
            let text = "Ol\\u00e1! Quero saber o pre\\u00e7o do produto \\ud83d\\ude42 pedido \(number)"
            return Data(
                """
                {"object":"whatsapp_business_account","entry":[{"id":"\(wabaID)","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000001",\
                "phone_number_id":"\(phoneNumberID)"},"contacts":[{"profile":{"name":"Cliente \(sender)"},\
                "wa_id":"\(from)"}],"messages":[{"from":"\(from)","id":"wamid.bench.\(UUID().uuidString)",\
                "timestamp":"\(stamp)","type":"text","text":{"body":"\(text)"}}]}}]}]}
                """.utf8
            )
        }
    }
}

/// What the load's clients count, shared between them.
private final class LoadTally: Sendable {
    let latencies = Mutex<[Double]>([])
    let failures = Mutex(0)
    let counter = Atomic<Int>(0)
}
