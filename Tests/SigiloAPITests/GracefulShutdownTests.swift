import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import ServiceLifecycle
import Testing

@testable import SigiloAPI

/// What `sigilo serve` does on SIGTERM: the ServiceGroup's graceful shutdown, which must let
/// a request already being served finish before the process exits.
@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("a request in flight when shutdown starts still gets its full response")
    func inFlightRequestFinishes() async throws {
        let port = try FreePort.find()
        let (handling, signalHandling) = AsyncStream.makeStream(of: Void.self)
        let router = buildRouter(configuration: APIConfiguration(), metrics: NOOPMetricsHandler.instance) { routes in
            routes.get("/slow") { _, _ in
                signalHandling.yield()
                try await Task.sleep(for: .milliseconds(600))
                return "finished"
            }
        }
        let (running, signalRunning) = AsyncStream.makeStream(of: Void.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { _ in signalRunning.yield() },
            logger: silentLogger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: silentLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = await running.first { _ in true }
            let started = ContinuousClock.now
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                async let response = client.get("/slow")
                _ = await handling.first { _ in true }  // the request is being served: in flight
                await group.triggerGracefulShutdown()
                let answer = try await response
                #expect(answer.head.status == .ok)
                #expect(answer.body.map { String(buffer: $0) } == "finished")
            }
            try await tasks.waitForAll()  // the group, and with it the server, has stopped
            #expect(ContinuousClock.now - started >= .milliseconds(600))
        }
    }
}
