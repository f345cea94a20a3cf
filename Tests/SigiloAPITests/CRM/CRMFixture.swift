import Foundation
import HTTPTypes
import HummingbirdTesting

/// Contacts as the CRM tests seed them, with distinctive personal data to search dumps for.
enum CRMSamples {
    static var maria: [String: Any] {
        [
            "name": "Maria Quitéria de Jesus",
            "phones": [["number": "+55 11 98765-4321", "label": "celular"]],
            "emails": [["address": "Maria.Quiteria@Example.com.br"]],
            "tags": ["vip", "bahia"],
            "notes": "Prefere contato à tarde; alérgica a camarão 🦐",
            "cadence": ["every": 2, "unit": "weeks"],
            "whatsapp_id": "551187654321",
            "opt_in": "opted_in",
        ]
    }

    static var joana: [String: Any] {
        [
            "name": "Joana Angélica Xavier",
            "phones": [["number": "(71) 99123-4567"], ["number": "+55 71 3321-0000", "label": "loja"]],
            "emails": [["address": "joana.angelica@example.org"]],
            "tags": ["bahia"],
        ]
    }
}

extension TestClientProtocol {
    /// Creates a contact and returns its id, failing the test when creation fails.
    func createContact(_ body: [String: Any], token: String) async throws -> String {
        let reply = try await json(.post, "/contacts", body: body, token: token)
        guard reply.status == .created, let id = reply["id"] else {
            throw FixtureError(
                message: "contact creation failed with \(reply.status): \(String(decoding: reply.body, as: UTF8.self))"
            )
        }
        return id
    }
}

extension JSONReply {
    /// The `contacts` array of a list or search answer.
    var contacts: [[String: Any]] { object["contacts"] as? [[String: Any]] ?? [] }

    /// The error message.
    var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
}
