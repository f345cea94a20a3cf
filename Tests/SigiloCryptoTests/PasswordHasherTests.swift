import Testing

@testable import SigiloCrypto

@Suite("Argon2id password hashing")
struct PasswordHasherTests {
    /// The floor keeps these tests fast (~20 ms a hash) while exercising the real library.
    private let fast = Argon2Parameters.floor

    @Test("a hash is an Argon2id PHC string under the policy that verifies only its password")
    func hashAndVerify() async throws {
        let hasher = try PasswordHasher(policy: fast)
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(PHCString(stored)?.parameters == fast)
        #expect(try await hasher.verify("correct horse battery staple", against: stored) == .match(needsRehash: false))
        #expect(try await hasher.verify("correct horse battery stapl", against: stored) == .mismatch)
        #expect(try await hasher.hash("correct horse battery staple") != stored)  // a fresh salt each time
    }

    @Test("a hash made under an older policy verifies and asks to be rehashed")
    func rehashWhenPolicyChanges() async throws {
        let old = try await PasswordHasher(policy: fast).hash("a long enough password")
        let stronger = try PasswordHasher(policy: Argon2Parameters(memoryKiB: 19_456, iterations: 3, parallelism: 1))
        #expect(try await stronger.verify("a long enough password", against: old) == .match(needsRehash: true))
    }

    @Test("a stored hash above the ceiling is refused at once, without hashing")
    func ceilingRefusesUnhashed() async throws {
        let hasher = try PasswordHasher(policy: fast)
        let planted = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"
        await #expect(throws: PasswordHasherError(.aboveCeiling)) { try await hasher.verify("x", against: planted) }
    }

    @Test(
        "malformed stored hashes are refused",
        arguments: [
            "", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=16$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=19456,t=2$c2FsdA$aGFzaA", "$argon2id$v=19$m=19456,t=2,p=1,m=1$c2FsdA$aGFzaA",
        ]
    )
    func malformedHashes(stored: String) async throws {
        let hasher = try PasswordHasher(policy: fast)
        await #expect(throws: PasswordHasherError(.malformedHash)) { try await hasher.verify("x", against: stored) }
    }

    @Test("a policy below OWASP's floor or above the ceiling is refused")
    func policyLimits() {
        #expect(throws: PasswordHasherError(.policyTooWeak)) {
            try PasswordHasher(policy: Argon2Parameters(memoryKiB: 16_384, iterations: 3, parallelism: 1))
        }
        #expect(throws: PasswordHasherError(.policyTooWeak)) {
            try PasswordHasher(policy: Argon2Parameters(memoryKiB: 65_536, iterations: 1, parallelism: 1))
        }
        #expect(throws: PasswordHasherError(.policyTooWeak)) {
            try PasswordHasher(
                policy: .standard,
                ceiling: Argon2Parameters(memoryKiB: 32_768, iterations: 10, parallelism: 1)
            )
        }
    }

    @Test("an unknown user is checked against a decoy hash made under the policy: the same work")
    func unknownUserCostsTheSame() async throws {
        let hasher = try PasswordHasher(policy: fast)
        #expect(PHCString(hasher.decoy)?.parameters == hasher.policy)
        try await hasher.verifyUnknownUser("any password at all")  // completes, reveals nothing
    }

    @Test("the gate admits `slots` callers, queues `queueLimit`, refuses the rest, and hands slots over in order")
    func gateBoundsConcurrency() async throws {
        let gate = HashingGate(slots: 1, queueLimit: 1)
        try await gate.enter()  // the one slot
        let queued = Task { try await gate.enter() }
        while await gate.waitingCount < 1 { await Task.yield() }
        await #expect(throws: PasswordHasherError(.busy)) { try await gate.enter() }
        await gate.leave()  // hands the slot to the queued caller
        try await queued.value
        #expect(await gate.waitingCount == 0)
        await gate.leave()
        try await gate.enter()  // free again: admitted at once
        await gate.leave()
    }

    @Test("under a burst, every hash either completes or is refused as busy; none fails otherwise")
    func burstOutcomes() async throws {
        let hasher = try PasswordHasher(policy: fast, slots: 1, queueLimit: 2)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await hasher.hash("concurrent password")
                        return "hashed"
                    } catch let error as PasswordHasherError where error.code == .busy {
                        return "busy"
                    } catch {
                        return "failed"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.count == 8)
        #expect(!outcomes.contains("failed"))
        #expect(outcomes.contains("hashed"))
    }
}
