package import Logging
import ServiceLifecycle
package import SigiloCrypto
import SigiloStore

/// Reads the master key ring file again every `interval`, so that after `sigilo keys rotate`
/// added a version every instance wraps new keys under it without a restart. (A wrapped key
/// naming an unknown version triggers a read at once; this is for new keys.)
package struct KeyRingRefresher: Service {
    private let holder: KeyRingHolder
    private let interval: Duration
    private let logger: Logger

    package init(holder: KeyRingHolder, interval: Duration = .seconds(30), logger: Logger) {
        self.holder = holder
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await Periodic.run(every: interval) {
            let before = holder.ring.current.version
            if holder.refresh(), holder.ring.current.version != before {
                logger.notice(
                    "master key ring reloaded",
                    metadata: ["keys.current_version": "\(holder.ring.current.version)"]
                )
            }
        }
    }
}
