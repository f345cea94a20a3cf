package import Foundation
import PostgresNIO

/// Failed-login counters shared by every server instance, keyed by digests (never an e-mail
/// or an address), with exponential backoff once a key passes its threshold.
package struct LoginThrottleRepository: Sendable {
    /// How a key backs off.
    package struct Rule: Sendable {
        /// Failures allowed before the first lock.
        package var threshold: Int
        /// The first lock; each further failure doubles it.
        package var baseLock: Duration
        /// The longest lock.
        package var maximumLock: Duration
        /// A key with no failure for this long starts again from zero.
        package var forgetAfter: Duration

        package init(threshold: Int, baseLock: Duration, maximumLock: Duration, forgetAfter: Duration) {
            self.threshold = threshold
            self.baseLock = baseLock
            self.maximumLock = maximumLock
            self.forgetAfter = forgetAfter
        }
    }

    private let database: Database

    package init(database: Database) {
        self.database = database
    }

    /// The latest time until which `account` or `address` is locked, or `nil` when neither is.
    package func lockedUntil(account: Data, address: Data?) async throws -> Date? {
        let other = address ?? account
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT max(locked_until) FROM login_throttle
                WHERE (key = \(account) OR key = \(other)) AND locked_until > now()
                """,
                logger: Database.silentLogger
            )
            for try await until in rows.decode(Date?.self) { return until }
            return nil
        }
    }

    /// Counts one failure for `key`.
    /// - Returns: The lock's end when this failure locked the key, else `nil`.
    package func recordFailure(_ key: Data, rule: Rule) async throws -> Date? {
        let forget = rule.forgetAfter.seconds
        let base = rule.baseLock.seconds
        let maximum = rule.maximumLock.seconds
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                INSERT INTO login_throttle AS t (key, failures, last_failure) VALUES (\(key), 1, now())
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN t.last_failure < now() - make_interval(secs => \(forget))
                                    THEN 1 ELSE t.failures + 1 END,
                    last_failure = now()
                RETURNING failures
                """,
                logger: Database.silentLogger
            )
            var failures = 0
            for try await count in rows.decode(Int.self) { failures = count }
            guard failures >= rule.threshold else { return nil }
            let exponent = min(failures - rule.threshold, 30)
            let lock = min(base * pow(2, Double(exponent)), maximum)
            let until = try await connection.query(
                """
                UPDATE login_throttle SET locked_until = now() + make_interval(secs => \(lock))
                WHERE key = \(key) RETURNING locked_until
                """,
                logger: Database.silentLogger
            )
            for try await date in until.decode(Date.self) { return date }
            return nil
        }
    }

    /// Forgets `key`'s failures (a successful login of that account).
    package func reset(_ key: Data) async throws {
        try await database.withConnection { connection in
            try await connection.run(
                "DELETE FROM login_throttle WHERE key = \(key)"
            )
        }
    }
}
