package import Configuration
import Foundation
package import SigiloCrypto
package import SigiloStore

/// Adds a channel outside HTTP (`sigilo whatsapp add-channel`), with the API's validation.
package struct ChannelProvisioning: Sendable {
    private let channels: ChannelRepository
    private let tenants: TenantRepository

    private let defaults: WhatsAppConfiguration

    package init(database: Database, keyRing: KeyRingHolder, reader: ConfigReader) throws {
        self.channels = ChannelRepository(database: database, keys: CRMKeys(ring: keyRing))
        self.tenants = TenantRepository(database: database)
        self.defaults = try WhatsAppConfiguration(reader: reader)
    }

    /// Registers the channel `body` describes (the fields of `POST /whatsapp/channels`).
    /// - Parameter ifAbsent: Succeed without change when the phone-number id is registered.
    /// - Returns: A line for the operator (ids only).
    /// - Throws: ``IdentityAdministration/Failure`` with an operator-safe message.
    package func add(tenantSlug: String, body: [String: String?], ifAbsent: Bool) async throws -> String {
        guard let tenant = try await tenants.id(forSlug: tenantSlug) else {
            throw IdentityAdministration.Failure(description: "no tenant has this slug")
        }
        let changes: ChannelChanges
        do {
            let json = try JSONSerialization.data(withJSONObject: body.compactMapValues { $0 })
            changes = try JSONDecoder().decode(ChannelInput.self, from: json)
                .changes(creating: true, defaults: defaults)
        } catch let error as APIError {
            throw IdentityAdministration.Failure(description: error.message)
        }
        do {
            let channel = try await channels.create(tenant: tenant, changes)
            return "channel created: \(channel.id.uuidString.lowercased())"
        } catch let error as StoreError where error.code == .conflict {
            guard ifAbsent else {
                throw IdentityAdministration.Failure(description: "that phone-number id is already registered")
            }
            return "channel already registered"
        }
    }
}
