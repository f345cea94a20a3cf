import CArgon2
import SigiloCrypto
import Testing

/// CArgon2 is a system-library target over Debian's libargon2; these tests prove it links and
/// computes Argon2id, before SigiloCrypto's PasswordHasher builds on it.
@Suite("libargon2 through CArgon2")
struct Argon2LinkTests {
    private func hash(_ password: String, salt: [UInt8]) throws -> String {
        let bytes = Array(password.utf8)
        let length = argon2_encodedlen(1, 1024, 1, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let status = argon2id_hash_encoded(1, 1024, 1, bytes, bytes.count, salt, salt.count, 32, &encoded, length)
        try #require(status == ARGON2_OK.rawValue)
        return encoded.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    @Test("argon2id produces a PHC string that verifies only the right password")
    func hashAndVerify() throws {
        let phc = try hash("correct horse battery staple", salt: Array("sixteen byte salt".utf8.prefix(16)))
        #expect(phc.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
        let right = Array("correct horse battery staple".utf8)
        let wrong = Array("correct horse battery stapler".utf8)
        #expect(argon2id_verify(phc, right, right.count) == ARGON2_OK.rawValue)
        #expect(argon2id_verify(phc, wrong, wrong.count) == ARGON2_VERIFY_MISMATCH.rawValue)
    }

    @Test("the salt changes the hash")
    func saltMatters() throws {
        let first = try hash("same password", salt: Array(repeating: 1, count: 16))
        let second = try hash("same password", salt: Array(repeating: 2, count: 16))
        #expect(first != second)
    }
}

@Suite("Argon2id in reused memory matches libargon2's own encoding")
struct Argon2ArenaTests {
    @Test("a hash of ours verifies with argon2id_verify, and libargon2's hash verifies with ours")
    func compatibleBothWays() async throws {
        let hasher = try PasswordHasher(policy: .floor, slots: 1)
        let password = "correct horse battery staple"
        let ours = try await hasher.hash(password)
        #expect(ours.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        let bytes = Array(password.utf8)
        #expect(argon2id_verify(ours, bytes, bytes.count) == ARGON2_OK.rawValue)

        let salt = Array("sixteen byte salt".utf8.prefix(16))
        let length = argon2_encodedlen(2, 19_456, 1, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        try #require(
            argon2id_hash_encoded(2, 19_456, 1, bytes, bytes.count, salt, salt.count, 32, &encoded, length)
                == ARGON2_OK.rawValue
        )
        let theirs = encoded.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        #expect(PHCString(theirs)?.encoded == theirs)
        #expect(try await hasher.verify(password, against: theirs) == .match(needsRehash: false))
        #expect(try await hasher.verify(password + "!", against: theirs) == .mismatch)
        // Memory is reused between hashes of different sizes on the same thread.
        let bigger = try PasswordHasher(
            policy: Argon2Parameters(memoryKiB: 32_768, iterations: 2, parallelism: 1),
            slots: 1
        )
        let big = try await bigger.hash(password)
        #expect(try await hasher.verify(password, against: big) == .match(needsRehash: true))
        #expect(try await hasher.verify(password, against: ours) == .match(needsRehash: false))
    }
}
