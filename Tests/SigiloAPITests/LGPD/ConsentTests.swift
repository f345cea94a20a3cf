import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloFakes
import Testing

/// Consent records (LGPD Arts. 7, 8): per contact and purpose, history kept, revocation at any
/// time by API or by STOP over WhatsApp, and the send path following them.
@Suite("Consent records")
struct ConsentTests {
    static func consents(_ contact: String, _ fixture: WhatsAppFixture) async throws -> JSONReply {
        try await fixture.client.json(.get, "/contacts/\(contact)/consents", token: fixture.agent)
    }

    static func current(_ reply: JSONReply) -> [String: String] {
        let current = reply.object["current"] as? [String: [String: Any]] ?? [:]
        return current.compactMapValues { $0["status"] as? String }
    }

    @Test("grants and revocations keep their history; the latest per purpose is current; the send path follows")
    func grantRevokeHistory() async throws {
        try await WhatsAppFixture.with { fixture in
            fixture.fake.addTemplate(wabaID: WhatsAppFixture.wabaID, name: "aviso", bodyText: "Seu pedido saiu.")
            let template = try await fixture.client.json(
                .post,
                "/templates",
                body: [
                    "name": "aviso", "language": "pt_BR", "category": "utility", "status": "approved",
                    "body": ["text": "Seu pedido saiu."],
                ],
                token: fixture.admin
            )
            #expect(template.status == .created)
            let contact = try await fixture.client.createContact(
                ["name": "Maria", "phones": [["number": "+55 11 98765-4321"]]],
                token: fixture.agent
            )
            func sendTemplate() async throws -> JSONReply {
                try await fixture.client.json(
                    .post,
                    "/contacts/\(contact)/messages",
                    body: ["type": "template", "name": "aviso", "language": "pt_BR"],
                    token: fixture.agent
                )
            }
            #expect(try await sendTemplate().errorCode == "consent_required")
            let granted = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/consents",
                body: [
                    "purpose": "whatsapp_service", "status": "granted", "channel": "web",
                    "evidence": "formulário de cadastro, versão 3", "occurred_at": "2026-11-01T12:00:00Z",
                ],
                token: fixture.agent
            )
            #expect(granted.status == .created)
            #expect(granted["legal_basis"] == "consent" && granted["evidence"] == "formulário de cadastro, versão 3")
            #expect(try await sendTemplate().status == .accepted)
            let revoked = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/consents",
                body: ["purpose": "whatsapp_service", "status": "revoked"],
                token: fixture.agent
            )
            #expect(revoked.status == .created && revoked["channel"] == "api")
            #expect(try await sendTemplate().errorCode == "opted_out")
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/consents",
                body: ["purpose": "ai_processing", "status": "granted"],
                token: fixture.agent
            )
            let listed = try await Self.consents(contact, fixture)
            #expect(listed.status == .ok)
            #expect((listed.object["history"] as? [Any])?.count == 3)
            #expect(Self.current(listed) == ["whatsapp_service": "revoked", "ai_processing": "granted"])
            // Evidence is personal data: sealed at rest, and each read and change is audited.
            #expect(try await fixture.count("SELECT count(*) FROM consents WHERE evidence_sealed IS NOT NULL") == 1)
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action IN ('consent.grant', 'consent.revoke', 'consent.read')"
                        + " AND subject_id = '\(contact)'"
                ) == 4
            )
        }
    }

    @Test("a backdated record joins the history but does not override the later current one")
    func backdated() async throws {
        try await WhatsAppFixture.with { fixture in
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            for (status, when) in [("revoked", "2026-11-20T10:00:00Z"), ("granted", "2022-03-01T10:00:00Z")] {
                let reply = try await fixture.client.json(
                    .post,
                    "/contacts/\(contact)/consents",
                    body: ["purpose": "whatsapp_service", "status": status, "occurred_at": when],
                    token: fixture.agent
                )
                #expect(reply.status == .created)
            }
            let listed = try await Self.consents(contact, fixture)
            #expect(Self.current(listed) == ["whatsapp_service": "revoked"])
            #expect(try await fixture.query("SELECT opt_in FROM contacts WHERE id = '\(contact)'") == ["opted_out"])
        }
    }

    @Test("an opt-in set on the contact record (create, PATCH) is recorded in the consent history")
    func contactRecordOptIn() async throws {
        try await WhatsAppFixture.with { fixture in
            let contact = try await fixture.client.createContact(
                ["name": "Maria", "opt_in": "opted_in"],
                token: fixture.agent
            )
            let patched = try await fixture.client.json(
                .patch,
                "/contacts/\(contact)",
                body: ["opt_in": "opted_out"],
                token: fixture.agent
            )
            #expect(patched.status == .ok)
            let listed = try await Self.consents(contact, fixture)
            let history = listed.object["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["status"] as? String } == ["revoked", "granted"])
            #expect(
                history.allSatisfy {
                    $0["recorded_by"] as? String == "contact-record" && $0["channel"] as? String == "api"
                }
            )
            #expect(Self.current(listed) == ["whatsapp_service": "revoked"])
        }
    }

    @Test("STOP over WhatsApp revokes both WhatsApp purposes, with the channel and who recorded it")
    func stopRevokes() async throws {
        try await WhatsAppFixture.with { fixture in
            try await fixture.customerWrites("STOP")
            let contact = try await fixture.contactID()
            let listed = try await Self.consents(contact, fixture)
            #expect(Self.current(listed) == ["whatsapp_service": "revoked", "whatsapp_marketing": "revoked"])
            let history = listed.object["history"] as? [[String: Any]] ?? []
            #expect(history.allSatisfy { $0["channel"] as? String == "whatsapp" })
            #expect(history.allSatisfy { $0["recorded_by"] as? String == "whatsapp-webhook" })
        }
    }

    @Test("bad bodies are 422 naming the field and record nothing; other tenants' contacts are 404")
    func badInput() async throws {
        try await WhatsAppFixture.with { fixture in
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let cases: [([String: Any], String)] = [
                (["purpose": "tudo", "status": "granted"], "purpose"),
                (["purpose": "ai_processing", "status": "maybe"], "status"),
                (["purpose": "ai_processing", "status": "granted", "legal_basis": "because"], "legal_basis"),
                (["purpose": "ai_processing", "status": "granted", "channel": "Web Form"], "channel"),
                (
                    ["purpose": "ai_processing", "status": "granted", "occurred_at": "2099-01-01T00:00:00Z"],
                    "occurred_at"
                ),
                (["purpose": "ai_processing", "status": "granted", "evidence": ""], "evidence"),
                (["purpose": "ai_processing", "status": "granted", "extra": 1], "extra"),
                (["status": "granted"], "purpose"),
            ]
            for (body, field) in cases {
                let reply = try await fixture.client.json(
                    .post,
                    "/contacts/\(contact)/consents",
                    body: body,
                    token: fixture.agent
                )
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.errorMessage.contains(field), "\(body): \(reply.errorMessage)")
            }
            #expect(try await fixture.count("SELECT count(*) FROM consents") == 0)
            let globex = try await fixture.client.accessToken("globexAdmin", tenant: "globex")
            let foreign = try await fixture.client.json(
                .post,
                "/contacts/\(contact)/consents",
                body: ["purpose": "ai_processing", "status": "granted"],
                token: globex
            )
            #expect(foreign.status == .notFound)
            #expect(
                try await fixture.client.json(.get, "/contacts/\(contact)/consents", token: globex).status == .notFound
            )
            #expect(
                try await fixture.client.json(.get, "/contacts/\(UUID())/consents", token: fixture.agent).status
                    == .notFound
            )
        }
    }
}
