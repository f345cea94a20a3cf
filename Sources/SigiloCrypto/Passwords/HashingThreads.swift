import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The threads Argon2id runs on: one per core but one, at a lower scheduling priority (nice 10).
///
/// A hash is ~100 ms of pure CPU. On Swift's cooperative pool it would block a thread every
/// request needs; on ordinary threads it would take an equal share of the cores from the
/// event loops and PostgreSQL during a burst of logins. At nice 10 the kernel gives these
/// threads about a tenth of the weight of normal ones, so logins use idle CPU and other
/// requests keep their latency. (On Linux the nice value is per thread.)
final class HashingThreads: @unchecked Sendable {
    /// Shared by every hasher of the process: the bound that matters is the number of cores.
    static let shared = HashingThreads(count: defaultCount)

    /// One thread per core but one, so a burst of logins always leaves a core to everything
    /// else. Measured on 2 cores (`make bench`): with a thread per core, `/readyz` p99 rose from
    /// ~4 ms to 50–90 ms during 64 simultaneous logins (PostgreSQL and the event loops lose CPU
    /// despite the lower priority); with one thread it stayed within 2× of idle, for about 30 %
    /// fewer logins per second.
    static var defaultCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    // `jobs` is only touched with `condition` locked; that is what makes this type Sendable.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    init(count: Int, niceness: Int32 = 10) {
        for index in 0..<max(1, count) {
            let thread = Thread { [self] in
                Self.lowerPriority(to: niceness)
                while true { nextJob()() }
            }
            thread.name = "sigilo-argon2-\(index)"
            thread.start()
        }
    }

    /// Runs `job` on one of the threads.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func nextJob() -> @Sendable () -> Void {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty { condition.wait() }
        return jobs.removeFirst()
    }

    private static func lowerPriority(to niceness: Int32) {
        #if canImport(Glibc)
        // who = 0 is the calling thread under NPTL; failure only means normal priority.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
