import Synchronization

/// The fake's in-flight webhook deliveries: started from request handlers, awaited by tests
/// (``FakeGraphAPI/waitForWebhooks()``) and cancelled by ``FakeGraphAPI/stop()``.
final class BackgroundTasks: Sendable {
    private let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    private let serial = Mutex(0)

    /// Runs `work` in the background, remembered until it ends.
    func run(_ work: @escaping @Sendable () async -> Void) {
        let id = serial.withLock { serial in
            serial += 1
            return serial
        }
        tasks.withLock { tasks in
            tasks[id] = Task {
                await work()
                self.tasks.withLock { _ = $0.removeValue(forKey: id) }
            }
        }
    }

    /// Waits until no task is left, including those started meanwhile.
    func waitForAll() async {
        while let task = tasks.withLock({ $0.values.first }) {
            await task.value
            await Task.yield()
        }
    }

    /// Cancels every task and waits for them.
    func cancelAll() async {
        let running = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return Array(tasks.values)
        }
        for task in running {
            task.cancel()
            await task.value
        }
    }
}
