import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloCore
import Testing

/// The records of processing operations (LGPD Art. 37), generated from the policies.
@Suite("Records of processing")
struct ProcessingRecordsTests {
    @Test("every activity has a purpose, a legal basis, described data classes, its retention and recipients")
    func records() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let reply = try await fixture.client.json(.get, "/compliance/processing-records", token: officer)
            #expect(reply.status == .ok)
            let activities = reply.object["activities"] as? [[String: Any]] ?? []
            let byID = Dictionary(
                uniqueKeysWithValues: activities.compactMap { a in (a["id"] as? String).map { ($0, a) } }
            )
            #expect(Set(byID.keys).isSuperset(of: ["customer_relationship", "customer_service", "ai_processing"]))
            for activity in activities {
                #expect(LegalBasis(rawValue: activity["legal_basis"] as? String ?? "") != nil)
                #expect(!(activity["purpose"] as? String ?? "").isEmpty)
                let classes = activity["data_categories"] as? [[String: Any]] ?? []
                #expect(!classes.isEmpty && classes.allSatisfy { !($0["description"] as? String ?? "").isEmpty })
            }
            let service = try #require(byID["customer_service"])
            let retention = (service["retention"] as? [[String: Any]] ?? []).compactMap { $0["category"] as? String }
            #expect(Set(retention) == ["messages", "closed_conversations", "webhook_bodies"])
            let recipients = (service["recipients"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(recipients.contains { $0.hasPrefix("Meta Platforms") })
            #expect(byID["whatsapp_marketing"]?["consent_purpose"] as? String == "whatsapp_marketing")
            #expect(!(reply.object["security_measures"] as? [String] ?? []).isEmpty)
            #expect(
                try await fixture.client.json(.get, "/compliance/processing-records", token: fixture.agent).status
                    == .forbidden
            )
        }
    }
}
