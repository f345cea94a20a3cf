import Foundation
import Hummingbird
package import SigiloStore

/// `GET /tenant`: the caller's own tenant (row-level security shows no other).
package struct TenantController: Sendable {
    private let tenants: TenantRepository
    private let guardian: AccessGuard

    package init(tenants: TenantRepository, guardian: AccessGuard) {
        self.tenants = tenants
        self.guardian = guardian
    }

    package func addRoutes(to routes: APIRoutes) {
        routes.get(
            "/tenant",
            use: guardian.requiring(.tenantRead) { _, _, identity in
                guard let tenant = try await tenants.find(identity.tenantID) else { throw APIError.notFound }
                return try JSONResponse.make(
                    TenantView(
                        id: tenant.id.lowercasedString,
                        slug: tenant.slug,
                        name: tenant.name,
                        createdAt: tenant.createdAt
                    )
                )
            }
        )
    }
}

struct TenantView: Encodable {
    var id: String
    var slug: String
    var name: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, name
        case createdAt = "created_at"
    }
}
