/// Why a password could not be hashed or checked. Messages never contain the password or hash.
package struct PasswordHasherError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// Every hashing slot is busy and the waiting queue is full: answer 503 with Retry-After.
        case busy = "password_hasher_busy"
        /// The stored hash is not an Argon2id PHC string.
        case malformedHash = "password_hash_malformed"
        /// The stored hash's parameters exceed the ceiling; it was refused without hashing.
        case aboveCeiling = "password_hash_above_ceiling"
        /// The policy is below OWASP's floor or above the ceiling.
        case policyTooWeak = "password_policy_too_weak"
        /// libargon2 reported an error.
        case library = "argon2_failed"
    }

    package let code: Code

    package init(_ code: Code) {
        self.code = code
    }

    package var description: String { code.rawValue }
}
