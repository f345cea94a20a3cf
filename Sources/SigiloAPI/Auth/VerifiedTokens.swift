import Crypto
import Foundation
import JWTKit
import Synchronization

/// Access tokens whose signature and claims this process already verified, by SHA-256 of the
/// token text, until they expire.
///
/// Verifying an Ed25519 signature is the largest single cost of an authenticated request
/// (about 14 % of a contact read's CPU, measured with perf); a client sends the same token
/// for up to 15 minutes. Only the signature check is skipped: expiry is checked on every hit,
/// and revocation, disabled users and current roles are still read from PostgreSQL on every
/// request (``Authenticator``). Keyed by a digest, so the lookup reveals nothing about tokens
/// an attacker does not already hold. Signing keys change only at restart, which empties it.
final class VerifiedTokens: Sendable {
    private let entries = Mutex<[SHA256Digest: AccessTokenClaims]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The claims of `token` if it was verified before and has not expired since.
    func claims(of token: String, now: Date = Date()) -> AccessTokenClaims? {
        let key = SHA256.hash(data: Data(token.utf8))
        return entries.withLock { entries in
            guard let claims = entries[key] else { return nil }
            guard claims.exp.value > now, claims.nbf.value <= now else {
                entries[key] = nil
                return nil
            }
            return claims
        }
    }

    /// Remembers a verified token; when full, forgets the expired ones first, else all.
    func remember(_ token: String, claims: AccessTokenClaims, now: Date = Date()) {
        let key = SHA256.hash(data: Data(token.utf8))
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.exp.value > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = claims
        }
    }
}
