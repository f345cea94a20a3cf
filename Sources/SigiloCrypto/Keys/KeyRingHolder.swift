import Foundation
import Synchronization

/// The key ring a running server uses, reloaded from its source when a wrapped key names a
/// version the ring does not hold yet.
///
/// `sigilo keys rotate` appends a version to the ring file and rewraps keys under it while
/// servers run: a server that meets the new version reads the file again instead of failing,
/// and ``refresh()`` (called periodically) makes new keys use the new version.
package final class KeyRingHolder: Sendable {
    private struct State {
        var ring: MasterKeyRing
        var lastReload: ContinuousClock.Instant
    }

    private let state: Mutex<State>
    private let source: (@Sendable () throws -> MasterKeyRing)?
    private let minimumReloadGap: Duration

    /// - Parameters:
    ///   - ring: The ring as first read.
    ///   - minimumReloadGap: Misses within this gap of the last reload do not read again, so
    ///     a damaged row cannot turn every read into a file read.
    ///   - source: Reads the ring again (the ring file); `nil` when it cannot change (an
    ///     environment variable, tests).
    package init(
        _ ring: MasterKeyRing,
        minimumReloadGap: Duration = .seconds(1),
        source: (@Sendable () throws -> MasterKeyRing)? = nil
    ) {
        // The first miss may read at once, however soon after start it comes.
        self.state = Mutex(State(ring: ring, lastReload: .now.advanced(by: .zero - minimumReloadGap)))
        self.source = source
        self.minimumReloadGap = minimumReloadGap
    }

    /// The ring now.
    package var ring: MasterKeyRing {
        state.withLock { $0.ring }
    }

    /// The key of `version`, reading the source again once if the ring lacks it.
    package func key(version: UInt32) -> MasterKey? {
        let (known, mayReload) = state.withLock { state in
            (state.ring.key(version: version), ContinuousClock.now - state.lastReload >= minimumReloadGap)
        }
        if let known { return known }
        guard mayReload else { return nil }
        refresh()
        return ring.key(version: version)
    }

    /// Reads the source again unless it was read within the minimum gap; true when the ring
    /// gained a version. For callers that cannot tell a missing version from a missing row
    /// (a login whose user was resealed by a rotation this server has not read yet).
    @discardableResult
    package func refreshIfDue() -> Bool {
        let due = state.withLock { ContinuousClock.now - $0.lastReload >= minimumReloadGap }
        guard due else { return false }
        let before = ring.current.version
        refresh()
        return ring.current.version != before
    }

    /// Reads the source again; keeps the current ring when the source fails or lost versions
    /// the current ring holds (a ring only grows while keys wrapped by old versions remain).
    @discardableResult
    package func refresh() -> Bool {
        guard let source else { return false }
        guard let fresh = try? source() else {
            state.withLock { $0.lastReload = .now }
            return false
        }
        return state.withLock { state in
            state.lastReload = .now
            guard fresh.current.version >= state.ring.current.version else { return false }
            state.ring = fresh
            return true
        }
    }
}
