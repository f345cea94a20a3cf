import Hummingbird
import Logging

/// Runs a fake's responder as an HTTP server, returning once it listens.
enum LoopbackServer {
    /// Starts `responder` on `host`/`port` (0 picks a free one).
    /// - Returns: the server's task (cancel it to stop) and the bound port; nil when it did
    ///   not start listening.
    static func start<Responder: HTTPResponder>(
        _ responder: Responder,
        host: String,
        port: Int,
        name: String,
        logger: Logger
    ) async -> (task: Task<Void, Never>, port: Int)?
    where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // The server's own logger stays quiet: stopping is a cancellation, which it logs as an error.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: serverLogger
        )
        let task = Task {
            do {
                try await app.run()
            } catch {
                logger.error("\(name) stopped", metadata: ["error.type": "\(type(of: error))"])
            }
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            return nil
        }
        return (task, bound)
    }
}
