import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SigiloStore
import SigiloTesting
import Testing

@testable import SigiloAPI

@Suite("Message templates API")
struct TemplatesAPITests {
    static var reminder: [String: Any] {
        [
            "name": "lembrete_pagamento", "language": "pt_BR", "category": "utility",
            "header": ["format": "text", "text": "Olá {{1}}"],
            "body": [
                "text": "Olá {{1}}, sua fatura de {{2}} vence em {{3}}.", "examples": ["Maria", "R$ 10,00", "10/05"],
            ],
            "footer": "Responda SAIR para não receber mais.",
            "buttons": [
                ["type": "quick_reply", "text": "Parar lembretes"],
                ["type": "url", "text": "Ver fatura", "url": "https://example.com/f/{{1}}"],
            ],
        ]
    }

    @Test(
        "an admin creates, lists, replaces and deletes a template; an agent reads and renders it but cannot change it"
    )
    func lifecycle() async throws {
        try await IdentityFixture.with { _, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let agent = try await client.accessToken("agent")
                let created = try await client.json(.post, "/templates", body: Self.reminder, token: admin)
                #expect(created.status == .created)
                #expect(created["status"] == "draft")
                let id = try #require(created["id"])
                #expect(
                    try await client.json(.post, "/templates", body: Self.reminder, token: admin).status == .conflict
                )
                #expect(
                    try await client.json(.post, "/templates", body: Self.reminder, token: agent).status == .forbidden
                )

                let list = try await client.json(.get, "/templates", token: agent)
                #expect((list.object["templates"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
                #expect(
                    try await client.json(.get, "/templates?status=approved", token: agent).object["templates"]
                        as? [Any] != nil
                )

                let rendered = try await client.json(
                    .post,
                    "/templates/\(id)/render",
                    body: [
                        "header": [["type": "text", "text": "Maria"]],
                        "body": [
                            ["type": "text", "text": "Maria José"],
                            [
                                "type": "currency",
                                "currency": ["fallback_value": "R$ 10,00", "code": "BRL", "amount_1000": 10000],
                            ],
                            ["type": "date_time", "date_time": ["fallback_value": "10/05"]],
                        ],
                        "buttons": ["1": ["type": "text", "text": "abc123"]],
                    ],
                    token: agent
                )
                #expect(rendered.status == .ok)
                #expect(rendered["body_text"] == "Olá Maria José, sua fatura de R$ 10,00 vence em 10/05.")
                #expect(rendered["header_text"] == "Olá Maria")
                #expect(rendered.object["sendable"] as? Bool == false)
                let components = rendered.object["components"] as? [[String: Any]]
                #expect(components?.compactMap { $0["type"] as? String } == ["header", "body", "button"])
                #expect(components?.last?["index"] as? String == "1")

                var approved = Self.reminder
                approved["status"] = "approved"
                let replaced = try await client.json(.put, "/templates/\(id)", body: approved, token: admin)
                #expect(replaced.status == .ok)
                #expect(replaced["status"] == "approved")
                let renderedAgain = try await client.json(
                    .post,
                    "/templates/\(id)/render",
                    body: [
                        "header": [["type": "text", "text": "Ana"]],
                        "body": [
                            ["type": "text", "text": "Ana"], ["type": "text", "text": "R$ 5"],
                            ["type": "text", "text": "hoje"],
                        ],
                        "buttons": ["1": ["type": "text", "text": "x"]],
                    ],
                    token: agent
                )
                #expect(renderedAgain.object["sendable"] as? Bool == true)
                #expect(try await client.json(.delete, "/templates/\(id)", token: agent).status == .forbidden)
                #expect(try await client.json(.delete, "/templates/\(id)", token: admin).status == .noContent)
                #expect(try await client.json(.get, "/templates/\(id)", token: agent).status == .notFound)
            }
        }
    }

    @Test("a template breaking Meta's rules, and a render with the wrong count or type, answer 422 naming the field")
    func validation() async throws {
        try await IdentityFixture.with { fixture, app in
            try await app.test(.router) { client in
                let admin = try await client.accessToken("admin")
                let bad: [(String, Any?, String)] = [
                    ("name", "Lembrete Pagamento", "name"),
                    ("language", "portuguese", "language"),
                    ("category", "promotional", "category"),
                    ("body", ["text": "{{1}} no início"], "body.text"),
                    ("body", ["text": "Olá {{2}} pulou o um."], "body.text"),
                    ("footer", "Rodapé com {{1}} variável", "footer"),
                    ("body", nil, "body"),
                    ("colour", "blue", "colour"),
                ]
                for (key, value, field) in bad {
                    var body = Self.reminder
                    body[key] = value
                    let reply = try await client.json(.post, "/templates", body: body, token: admin)
                    #expect(reply.status == .unprocessableContent, "\(key)")
                    #expect(reply.errorMessage.contains("'\(field)'"), "\(field): \(reply.errorMessage)")
                }
                let id = try #require(
                    try await client.json(.post, "/templates", body: Self.reminder, token: admin)["id"]
                )
                let renders: [([String: Any], String)] = [
                    (
                        ["header": [["type": "text", "text": "Maria"]], "body": [["type": "text", "text": "Maria"]]],
                        "parameters.body"
                    ),
                    (
                        [
                            "header": [["type": "text", "text": "Maria"]],
                            "body": [
                                ["type": "text", "text": "linha\nquebrada"], ["type": "text", "text": "b"],
                                ["type": "text", "text": "c"],
                            ],
                            "buttons": ["1": ["type": "text", "text": "x"]],
                        ], "parameters.body[0]"
                    ),
                    (["buttons": ["x": ["type": "text", "text": "x"]]], "buttons"),
                ]
                for (body, field) in renders {
                    let reply = try await client.json(.post, "/templates/\(id)/render", body: body, token: admin)
                    #expect(reply.status == .unprocessableContent, "\(field)")
                    #expect(reply.errorMessage.contains("'\(field)'"), "\(field): \(reply.errorMessage)")
                    #expect(!reply.errorMessage.contains("quebrada"))
                }
                var withNul = Self.reminder
                withNul["footer"] = "Rodapé\u{0000}"
                #expect(
                    try await client.json(.post, "/templates", body: withNul, token: admin).status
                        == .unprocessableContent
                )
                var renamed = Self.reminder
                renamed["name"] = "BAD NAME"
                #expect(
                    try await client.json(.put, "/templates/\(id)", body: renamed, token: admin).status
                        == .unprocessableContent
                )
                #expect(try await client.json(.get, "/templates/\(id)", token: admin)["name"] == "lembrete_pagamento")
            }
            let owner = fixture.database.pool(owner: true, maximumConnections: 1)
            let count = try await owner.whileRunning {
                try await owner.strings(unsafeSQL: "SELECT count(*)::text FROM message_templates")
            }
            #expect(count == ["1"])
        }
    }
}
