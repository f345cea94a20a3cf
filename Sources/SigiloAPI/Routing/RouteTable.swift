package import HTTPTypes
import Synchronization

/// Which methods each registered path answers.
///
/// Hummingbird's router answers 404 both for an unknown path and for a known path with the
/// wrong method; this table lets ``ErrorMiddleware`` tell the two apart and answer 405 with
/// an `Allow` header, as RFC 9110 §15.5.6 asks.
package final class RouteTable: Sendable {
    private struct Entry {
        var segments: [Substring]
        var methods: [HTTPRequest.Method]
    }

    private let entries = Mutex<[Entry]>([])

    package init() {}

    /// Records that `method` is served at `path` (`/contacts/{id}` or `/contacts/:id`).
    package func register(_ method: HTTPRequest.Method, _ path: String) {
        let segments = Self.segments(of: path)
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.segments == segments }) {
                entries[index].methods.append(method)
            } else {
                entries.append(Entry(segments: segments, methods: [method]))
            }
        }
    }

    /// The methods served at a concrete request path, empty when no route matches it.
    /// GET implies HEAD, as Hummingbird answers HEAD for every GET route.
    package func methods(forPath path: String) -> [HTTPRequest.Method] {
        let requested = Self.segments(of: path)
        var methods = entries.withLock { entries in
            entries.filter { Self.matches($0.segments, requested) }.flatMap(\.methods)
        }
        if methods.contains(.get) && !methods.contains(.head) { methods.append(.head) }
        return methods
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        guard pattern.count == path.count else { return false }
        return zip(pattern, path).allSatisfy { pattern, segment in
            pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == "*" || pattern == segment
        }
    }
}
