import Foundation
import SigiloCrypto

/// A refresh token's wire form: `srt.<tenant id>.<token id>.<secret>`.
///
/// The tenant id lets the server open the tenant's row-level security scope before it looks
/// the token up; the secret (256 random bits) is stored only as its SHA-256 digest.
struct RefreshToken: Sendable {
    let tenant: UUID
    let id: UUID
    let secret: String

    /// A new token for `tenant`.
    static func generate(tenant: UUID) -> RefreshToken {
        RefreshToken(tenant: tenant, id: UUID(), secret: OpaqueSecret.generate())
    }

    /// Parses the wire form; `nil` for anything else.
    init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "srt", let tenant = UUID(uuidString: String(parts[1])),
            let id = UUID(uuidString: String(parts[2])), parts[3].count == 43
        else { return nil }
        self.init(tenant: tenant, id: id, secret: String(parts[3]))
    }

    private init(tenant: UUID, id: UUID, secret: String) {
        self.tenant = tenant
        self.id = id
        self.secret = secret
    }

    var wireForm: String {
        "srt.\(tenant.uuidString.lowercased()).\(id.uuidString.lowercased()).\(secret)"
    }

    var digest: Data { OpaqueSecret.digest(secret) }
}
