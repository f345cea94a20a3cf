import CArgon2
import Foundation

/// Argon2id password hashing (libargon2 through CArgon2) with a bounded number of hashes at
/// once, a ceiling on stored parameters, and equal cost for unknown users.
///
/// Each hash runs on ``HashingThreads`` (low-priority threads of their own), not on Swift's
/// cooperative pool, which has one thread per core: a blocked cooperative thread would stall
/// every other request on that core.
package final class PasswordHasher: Sendable {
    /// The outcome of checking a password against a stored hash.
    package enum Verification: Sendable, Equatable {
        /// The password matches; `needsRehash` when the hash used other parameters than the policy.
        case match(needsRehash: Bool)
        case mismatch
    }

    /// The parameters new hashes use.
    package let policy: Argon2Parameters
    /// The most a stored hash may ask for; above it, verification is refused unhashed.
    package let ceiling: Argon2Parameters
    private let gate: HashingGate
    /// A hash of a random password under the policy, verified for unknown users so that a
    /// login for a name that does not exist costs what a real one costs.
    let decoy: String

    /// - Parameters:
    ///   - policy: Parameters for new hashes; refused below ``Argon2Parameters/floor`` or above `ceiling`.
    ///   - ceiling: Limit for stored hashes (default m=256 MiB, t=10, p=4).
    ///   - slots: Hashes at once (default: one per core but one, the hashing threads' count).
    ///   - queueLimit: Callers that may wait for a slot before ``PasswordHasherError/Code/busy``.
    package init(
        policy: Argon2Parameters = .standard,
        ceiling: Argon2Parameters = Argon2Parameters(memoryKiB: 262_144, iterations: 10, parallelism: 4),
        slots: Int = HashingThreads.defaultCount,
        queueLimit: Int = 64
    ) throws {
        guard policy.meetsFloor, policy.isWithin(ceiling) else { throw PasswordHasherError(.policyTooWeak) }
        self.policy = policy
        self.ceiling = ceiling
        self.gate = HashingGate(slots: slots, queueLimit: queueLimit)
        var generator = SystemRandomNumberGenerator()
        let decoyPassword = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.decoy = try Self.computeHash(of: decoyPassword, with: policy, reusingArena: false)
    }

    /// Hashes `password` under the policy, in PHC string form.
    package func hash(_ password: String) async throws -> String {
        let parameters = policy
        return try await withSlot { try Self.computeHash(of: Array(password.utf8), with: parameters) }
    }

    /// Checks `password` against a stored PHC string.
    /// - Throws: ``PasswordHasherError`` `malformedHash`, `aboveCeiling` (nothing hashed), or `busy`.
    package func verify(_ password: String, against stored: String) async throws -> Verification {
        guard let phc = PHCString(stored) else { throw PasswordHasherError(.malformedHash) }
        guard phc.parameters.isWithin(ceiling) else { throw PasswordHasherError(.aboveCeiling) }
        let matches = try await withSlot { try Self.matches(Array(password.utf8), phc) }
        return matches ? .match(needsRehash: phc.parameters != policy) : .mismatch
    }

    /// Spends the cost of one verification for a login whose user does not exist.
    package func verifyUnknownUser(_ password: String) async throws {
        _ = try await verify(password, against: decoy)
    }

    private func withSlot<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await gate.enter()
        do {
            let result = try await withCheckedThrowingContinuation { continuation in
                HashingThreads.shared.submit {
                    continuation.resume(with: Swift.Result { try work() })
                }
            }
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// A new hash of `password` with a random 16-byte salt. `reusingArena` runs in the
    /// calling thread's reusable Argon2 memory (hashing threads only); otherwise libargon2
    /// allocates and frees its own.
    private static func computeHash(
        of password: [UInt8],
        with parameters: Argon2Parameters,
        reusingArena: Bool = true
    ) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = try raw(password, salt: salt, parameters: parameters, length: 32, reusingArena: reusingArena)
        return PHCString(parameters: parameters, salt: salt, hash: hash).encoded
    }

    /// Recomputes the stored hash for `password` and compares in constant time.
    private static func matches(_ password: [UInt8], _ stored: PHCString) throws -> Bool {
        let computed = try raw(password, salt: stored.salt, parameters: stored.parameters, length: stored.hash.count)
        return ConstantTime.equal(computed, stored.hash)
    }

    private static func raw(
        _ password: [UInt8],
        salt: [UInt8],
        parameters: Argon2Parameters,
        length: Int,
        reusingArena: Bool = true
    ) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let compute = reusingArena ? sigilo_argon2id_raw : argon2id_hash_raw
        let status = compute(
            parameters.iterations,
            parameters.memoryKiB,
            parameters.parallelism,
            password,
            password.count,
            salt,
            salt.count,
            &out,
            out.count
        )
        guard status == ARGON2_OK.rawValue else { throw PasswordHasherError(.library) }
        return out
    }
}
