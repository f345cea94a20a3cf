import Hummingbird
import HummingbirdTesting
import Logging
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Prometheus metrics")
struct MetricsTests {
    @Test("requests are counted and timed by route template and status; pool statistics are exported")
    func exposition() async throws {
        try await TestDatabase.withMigrated { database in
            let app = try await buildApplication(
                reader: TestConfiguration.reader(database: database),
                logger: silentLogger
            )
            try await app.test(.router) { client in
                _ = try await client.execute(uri: "/readyz", method: .get)
                _ = try await client.execute(uri: "/readyz", method: .get)
                _ = try await client.execute(uri: "/no/such/+5511987654321", method: .get)
                let response = try await client.execute(uri: "/metrics", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.contains(#"sigilo_http_requests_total{method="GET",route="/readyz",status="200"} 2"#))
                #expect(text.contains(#"sigilo_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
                #expect(text.contains(#"sigilo_http_request_duration_seconds_count{method="GET",route="/readyz"} 2"#))
                #expect(text.contains(#"sigilo_db_pool_max_connections{pool="application"} 4"#))
                // Background services (the audit checkpointer looks every second) may hold a
                // connection at this moment: in use is a gauge between 0 and the maximum.
                let inUse = text.split(separator: "\n").first {
                    $0.hasPrefix(#"sigilo_db_pool_connections_in_use{pool="application"} "#)
                }
                let value = inUse.flatMap { Double($0.split(separator: " ").last ?? "") }
                #expect(value.map { (0...4).contains($0) } == true, "\(inUse ?? "no in-use gauge")")
                #expect(text.contains(#"sigilo_db_pool_wait_seconds_count{pool="application"}"#))
                #expect(!text.contains("5511987654321"))
            }
        }
    }
}
