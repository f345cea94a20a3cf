import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Brute force and bounded hashing")
struct ThrottleTests {
    @Test("after the account's failure threshold even the right password gets 429 with Retry-After")
    func accountLock() async throws {
        let capture = LogCapture()
        try await IdentityFixture.with(overrides: ["auth.throttle.accountFailures": "3"], logger: capture.logger) {
            _,
            app in
            try await app.test(.router) { client in
                for _ in 0..<3 {
                    let wrong = try await client.login("agent", password: "definitely not it")
                    #expect(wrong.status == .unauthorized)
                }
                let locked = try await client.login("agent")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.errorCode == "too_many_attempts")
                #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 >= 1)
                // Other accounts are not affected.
                let other = try await client.login("compliance")
                #expect(other.status == .ok)
            }
        }
        #expect(capture.text.contains("login locked"))
        #expect(!capture.text.contains("agent@acme.example"))
    }

    @Test("one address failing across many accounts is locked too (live server, real peer address)")
    func addressLock() async throws {
        try await IdentityFixture.with(overrides: ["auth.throttle.addressFailures": "4"]) { _, app in
            try await app.test(.live) { client in
                for name in ["a", "b", "c", "d"] {
                    let reply = try await client.login(name)
                    #expect(reply.status == .unauthorized)
                }
                let locked = try await client.login("admin")
                #expect(locked.status == .tooManyRequests)
            }
        }
    }

    @Test("100 simultaneous logins: hashing is bounded, the overflow gets 503 + Retry-After, nothing fails otherwise")
    func concurrentLogins() async throws {
        try await IdentityFixture.with(overrides: ["auth.hashQueueLimit": "8"]) { _, app in
            try await app.test(.router) { client in
                let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            let reply = try await client.login(index % 2 == 0 ? "agent" : "nobody-\(index)")
                            return (reply.status, reply.headers[.retryAfter])
                        }
                    }
                    var all: [(HTTPResponse.Status, String?)] = []
                    for try await status in group { all.append(status) }
                    return all
                }
                let busy = statuses.filter { $0.0 == .serviceUnavailable }
                #expect(!busy.isEmpty, "a queue of 8 cannot absorb 100 logins")
                #expect(busy.allSatisfy { $0.1 == "1" })
                #expect(statuses.allSatisfy { [.ok, .unauthorized, .serviceUnavailable].contains($0.0) })
                #expect(statuses.contains { $0.0 == .ok })
                let ready = try await client.execute(uri: "/readyz", method: .get)
                #expect(ready.status == .ok)
            }
        }
    }
}
