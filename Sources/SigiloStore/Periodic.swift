import ServiceLifecycle

/// Background work done every so often until the service group shuts down.
package enum Periodic {
    /// Sleeps `interval`, runs `body`, and again, until cancelled or a graceful shutdown
    /// starts (a shutdown interrupts the sleep, never `body`).
    package static func run(every interval: Duration, _ body: () async -> Void) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await body()
        }
    }
}
