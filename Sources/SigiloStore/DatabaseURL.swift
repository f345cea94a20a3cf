import Foundation
import SigiloCore

/// Where and as whom to connect to PostgreSQL, parsed from a libpq-style URL.
///
/// Accepted forms:
/// - `postgres://user:password@host:5432/database?sslmode=require`
/// - `postgres://user:password@/database?host=/path/to/socket/dir` (a unix socket, as libpq)
///
/// `sslmode` is `disable`, `prefer` (default for TCP), `require` or `verify-full`. The
/// password is a secret: ``description`` redacts it, so the value can be logged safely.
package struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// How TLS is negotiated on a TCP connection.
    package enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// Where the server listens.
    package enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`<dir>/.s.PGSQL.<port>`), as PostgresNIO expects.
        case unixSocket(path: String)
    }

    package var endpoint: Endpoint
    package var username: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    /// Creates a URL from its parts.
    package init(endpoint: Endpoint, username: String, password: String?, database: String, tls: TLSMode) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `text`, reporting problems against configuration key `key`.
    /// - Parameters:
    ///   - text: The URL.
    ///   - key: The configuration key it came from, for the error message.
    /// - Throws: ``ConfigurationError`` without quoting the URL, which may hold a password.
    package init(parsing text: String, key: String) throws {
        let expectation = "a URL such as postgres://user:password@127.0.0.1:5432/sigilo"
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let username = components.user, !username.isEmpty
        else { throw ConfigurationError(key: key, expectation: expectation) }

        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw ConfigurationError(key: key, expectation: expectation + " (with a database name)")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw ConfigurationError(key: key, expectation: expectation) }

        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            self.endpoint = .unixSocket(path: socketDirectory + "/.s.PGSQL.\(port)")
        } else if let host = components.host, !host.isEmpty {
            self.endpoint = .tcp(host: host, port: port)
        } else {
            throw ConfigurationError(key: key, expectation: expectation + " (with a host, or ?host=/socket/dir)")
        }
        let tlsText = query["sslmode"] ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: tlsText) else {
            throw ConfigurationError(
                key: key,
                expectation: "a URL whose sslmode is disable, prefer, require or verify-full"
            )
        }
        self.username = username.removingPercentEncoding ?? username
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    /// The same server and credentials, another database (tests clone one database per test).
    package func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL with the password replaced by `***`, safe to print.
    package var description: String {
        let secret = password == nil ? "" : ":***"
        switch endpoint {
        case .tcp(let host, let port):
            return "postgres://\(username)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        case .unixSocket(let path):
            return "postgres://\(username)\(secret)@/\(database)?socket=\(path)"
        }
    }
}

extension DatabaseURL {
    /// The URL with its password, for handing to a configuration reader. A secret: never log it.
    package var connectionString: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let secret =
            password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        switch endpoint {
        case .tcp(let host, let port):
            return "postgres://\(user)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        case .unixSocket(let path):
            let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            let port = path.split(separator: ".").last.flatMap { Int($0) } ?? 5432
            return "postgres://\(user)\(secret)@:\(port)/\(database)?host=\(directory)"
        }
    }
}
