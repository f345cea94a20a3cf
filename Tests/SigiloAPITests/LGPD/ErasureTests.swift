import Foundation
import HTTPTypes
import HummingbirdTesting
import SigiloCrypto
import SigiloFakes
import SigiloTesting
import Testing

/// Erasure by crypto-shredding (LGPD Arts. 16, 18 VI): after an approved request runs, nothing
/// of the subject opens, is found or sits in a dump, other subjects are untouched, and the
/// audit chain still verifies.
@Suite("Erasure of a data subject")
struct ErasureTests {
    static let mariaText = "Meu CPF é 123.456.789-09, moro na Rua das Flores"
    static let joanaText = "Quero trocar o tamanho do vestido"

    @Test("an approved erasure shreds the subject everywhere and leaves a signed receipt; others untouched")
    func erasure() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let maria = try await fixture.client.createContact(CRMSamples.maria, token: fixture.agent)
            let interaction = try await fixture.client.json(
                .post,
                "/contacts/\(maria)/interactions",
                body: ["kind": "purchase", "product": "Vestido", "text": "Entregar na portaria, apto 12"],
                token: fixture.agent
            )
            #expect(interaction.status == .created)
            let consent = try await fixture.client.json(
                .post,
                "/contacts/\(maria)/consents",
                body: ["purpose": "ai_processing", "status": "granted", "evidence": "gravação 2026-11-02 Maria"],
                token: fixture.agent
            )
            #expect(consent.status == .created)
            try await fixture.customerWrites(Self.mariaText, from: "551187654321")
            try await fixture.customerWrites(Self.joanaText, from: "5571991234567", name: "Joana Angélica")
            let mariaConversation =
                try await fixture.query(
                    "SELECT id FROM conversations WHERE contact_id = '\(maria)'"
                ).first ?? ""
            // A reply stuck in the outbox (the token expired) is cancelled by the erasure.
            fixture.fake.failNext(.init(code: 190, httpStatus: 401))
            let queued = try await fixture.send(
                ["type": "text", "text": "Já verificamos"],
                conversation: mariaConversation
            )
            #expect(queued.status == .accepted)
            try await fixture.eventually {
                try await fixture.count("SELECT count(*) FROM whatsapp_channels WHERE status = 'token_expired'") == 1
            }
            // Everything sealed under Maria's key, as stored before the erasure.
            let sealed = try await fixture.query(
                """
                SELECT encode(name_sealed, 'hex') FROM contacts WHERE id = '\(maria)'
                UNION ALL SELECT encode(wrapped, 'hex') FROM subject_keys WHERE subject_id = '\(maria)'
                UNION ALL SELECT encode(m.content_sealed, 'hex') FROM messages m
                    JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = '\(maria)'
                UNION ALL SELECT encode(evidence_sealed, 'hex') FROM consents
                    WHERE contact_id = '\(maria)' AND evidence_sealed IS NOT NULL
                """
            )
            #expect(sealed.count == 5)

            let request = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": maria, "kind": "erasure"],
                token: officer
            )
            let id = try #require(request["id"])
            let early = try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer)
            #expect(early.status == .conflict && early.errorCode == "request_not_approved")
            _ = try await fixture.client.json(.post, "/dsr/\(id)/approve", token: officer)
            let hold = try await fixture.client.json(
                .post,
                "/contacts/\(maria)/legal-holds",
                body: ["reason": "tax_records"],
                token: officer
            )
            #expect(hold.status == .created)
            let held = try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer)
            #expect(held.status == .conflict && held.errorCode == "legal_hold")
            #expect(held.errorMessage.contains("tax_records"))
            #expect(try await fixture.count("SELECT count(*) FROM contacts WHERE id = '\(maria)'") == 1)
            let released = try await fixture.client.json(
                .delete,
                "/contacts/\(maria)/legal-holds/\(try #require(hold["id"]))",
                token: officer
            )
            #expect(released.status == .noContent)

            let erased = try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer)
            #expect(erased.status == .ok)
            let removed = erased.object["removed"] as? [String: Int] ?? [:]
            #expect(removed["messages"] == 2 && removed["conversations"] == 1 && removed["interactions"] == 1)
            #expect(removed["queued_messages_cancelled"] == 1 && removed["webhook_bodies"] == 1)
            let note = try #require(erased["receipt"])
            let text = try SignedNote.open(note, verifiers: [TestKeys.checkpointSigner.verifier])
            #expect(text.contains("subject \(maria)") && text.contains("data_key destroyed"))

            // Nothing of Maria opens or is found.
            #expect(try await fixture.client.json(.get, "/contacts/\(maria)", token: fixture.agent).status == .notFound)
            let search = try await fixture.client.json(
                .post,
                "/contacts/search",
                body: ["phone": "+55 11 98765-4321"],
                token: fixture.agent
            )
            #expect(search.status == .ok && search.contacts.isEmpty)
            for table in [
                "subject_keys WHERE subject_id", "contact_lookups WHERE contact_id", "consents WHERE contact_id",
                "interactions WHERE contact_id", "conversations WHERE contact_id", "legal_holds WHERE contact_id",
            ] {
                #expect(try await fixture.count("SELECT count(*) FROM \(table) = '\(maria)'") == 0, "\(table)")
            }
            #expect(try await fixture.count("SELECT count(*) FROM webhook_events") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM outbox") == 0)
            let request2 = try await fixture.client.json(.get, "/dsr/\(id)", token: officer)
            #expect(request2["status"] == "completed" && request2["outcome"] == "erased")
            #expect(request2["contact_id"] == nil && request2["subject_id"] == maria)

            // Joana is untouched, and the audit chain, pseudonymous, still verifies.
            let joana = try await fixture.query("SELECT id FROM contacts").first ?? ""
            let joanaConversation =
                try await fixture.query(
                    "SELECT id FROM conversations WHERE contact_id = '\(joana)'"
                ).first ?? ""
            let shown = try await fixture.client.json(.get, "/conversations/\(joanaConversation)", token: fixture.agent)
            #expect(String(decoding: shown.body, as: UTF8.self).contains(Self.joanaText))
            let verified = try await fixture.client.json(.get, "/audit/verify", token: officer)
            #expect(verified["status"] == "intact")
            #expect(
                try await fixture.count(
                    "SELECT count(*) FROM audit_events WHERE action = 'dsr.erasure' AND subject_id = '\(maria)'"
                ) == 1
            )

            // A dump holds nothing that identifies Maria or that her key once opened.
            let dump = try DumpPrivacyTests.pgDump(fixture.identity.database).lowercased()
            #expect(dump.contains("copy public.messages"), "the dump is not a dump")
            let personal = [
                "Maria Quitéria", "98765-4321", "987654321", "87654321", "maria.quiteria@example.com.br", "camarão",
                Self.mariaText, "Entregar na portaria", "gravação 2026-11-02", "Já verificamos",
            ]
            for value in personal {
                #expect(!dump.contains(value.lowercased()), "the dump contains '\(value)'")
            }
            for value in sealed { #expect(!dump.contains(value), "the dump still holds a value sealed for Maria") }

            // Again, or an unknown request: a clear 4xx.
            let twice = try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer)
            #expect(twice.status == .conflict && twice.errorCode == "already_erased")
            #expect(try await fixture.client.json(.post, "/dsr/\(UUID())/erasure", token: officer).status == .notFound)
            let renewed = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": maria, "kind": "erasure"],
                token: officer
            )
            #expect(renewed.status == .unprocessableContent)
        }
    }

    @Test("a legal hold blocks deleting the contact; a merge moves consents but refuses requests")
    func holdsAndMerges() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let held = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(held)/legal-holds",
                body: ["reason": "lawsuit"],
                token: officer
            )
            let delete = try await fixture.client.json(.delete, "/contacts/\(held)", token: fixture.agent)
            #expect(delete.status == .conflict && delete.errorCode == "legal_hold")
            #expect(try await fixture.count("SELECT count(*) FROM contacts WHERE id = '\(held)'") == 1)
            // A merge moves the absorbed contact's consents to the survivor, evidence resealed.
            let absorbed = try await fixture.client.createContact(["name": "Maria Q."], token: fixture.agent)
            _ = try await fixture.client.json(
                .post,
                "/contacts/\(absorbed)/consents",
                body: ["purpose": "ai_processing", "status": "granted", "evidence": "gravação 12"],
                token: fixture.agent
            )
            let survivor = try await fixture.client.createContact(["name": "Maria Quitéria"], token: fixture.agent)
            let merged = try await fixture.client.json(
                .post,
                "/contacts/\(survivor)/merge",
                body: ["from": absorbed],
                token: fixture.agent
            )
            #expect(merged.status == .ok)
            let moved = try await fixture.client.json(.get, "/contacts/\(survivor)/consents", token: fixture.agent)
            let evidence = (moved.object["history"] as? [[String: Any]] ?? []).compactMap { $0["evidence"] as? String }
            #expect(evidence == ["gravação 12"])
            // A contact with data-subject requests is not merged away.
            let other = try await fixture.client.createContact(["name": "Maria Q. J."], token: fixture.agent)
            _ = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": other, "kind": "access"],
                token: officer
            )
            let merge = try await fixture.client.json(
                .post,
                "/contacts/\(survivor)/merge",
                body: ["from": other],
                token: fixture.agent
            )
            #expect(merge.status == .conflict && merge.errorCode == "contact_has_compliance_records")
            // An erasure request is completed only by running it, and a rejected request exports nothing.
            let erasure = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": other, "kind": "erasure"],
                token: officer
            )
            let closed = try await fixture.client.json(
                .post,
                "/dsr/\(erasure["id"] ?? "")/complete",
                token: officer
            )
            #expect(closed.status == .conflict && closed.errorCode == "erasure_not_executed")
            let access = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": other, "kind": "access"],
                token: officer
            )
            let id = try #require(access["id"])
            _ = try await fixture.client.json(
                .post,
                "/dsr/\(id)/reject",
                body: ["reason": "identity_not_confirmed"],
                token: officer
            )
            let export = try await fixture.client.json(.get, "/dsr/\(id)/export", token: officer)
            #expect(export.status == .conflict && export.errorCode == "request_closed")
        }
    }

    @Test("only an erasure request is executed, and only by dsr:manage")
    func onlyErasures() async throws {
        try await WhatsAppFixture.with { fixture in
            let officer = try await fixture.client.accessToken("compliance")
            let contact = try await fixture.client.createContact(["name": "Maria"], token: fixture.agent)
            let access = try await fixture.client.json(
                .post,
                "/dsr",
                body: ["contact_id": contact, "kind": "access"],
                token: officer
            )
            let id = try #require(access["id"])
            _ = try await fixture.client.json(.post, "/dsr/\(id)/approve", token: officer)
            let wrong = try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: officer)
            #expect(wrong.status == .conflict && wrong.errorCode == "not_an_erasure")
            #expect(
                try await fixture.client.json(.post, "/dsr/\(id)/erasure", token: fixture.agent).status == .forbidden
            )
            #expect(try await fixture.count("SELECT count(*) FROM contacts") == 1)
        }
    }
}
