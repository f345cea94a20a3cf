import Foundation
import SigiloCore
import SigiloWhatsApp
import Testing

@Suite("Outbound message wire format and validation")
struct OutboundMessageTests {
    /// Parses JSON into a comparable object.
    static func parsed(_ data: Data) throws -> NSDictionary? {
        try JSONSerialization.jsonObject(with: data) as? NSDictionary
    }

    /// Each content kind with the body the reference (§5) shows for it.
    static let cases: [(String, OutboundMessage, String)] = [
        (
            "text",
            OutboundMessage(to: .phone("5511987654321"), content: .text(body: "Olá!", previewURL: true)),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"text",
             "text":{"body":"Olá!","preview_url":true}}
            """#
        ),
        (
            "template",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .template(
                    name: "lembrete_pagamento",
                    language: "pt_BR",
                    components: CloudTemplateComponents([
                        .header([.image(.link("https://example.com/logo.png"))]),
                        .body([.text("Maria"), .text("R$ 120,00")]),
                        .urlButton(index: 1, parameters: [.text("abc123")]),
                    ])
                )
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"template",
             "template":{"name":"lembrete_pagamento","language":{"code":"pt_BR"},
              "components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/logo.png"}}]},
               {"type":"body","parameters":[{"type":"text","text":"Maria"},{"type":"text","text":"R$ 120,00"}]},
               {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"abc123"}]}]}}
            """#
        ),
        (
            "template without parameters",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .template(name: "hello_world", language: "en_US", components: CloudTemplateComponents([]))
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"template",
             "template":{"name":"hello_world","language":{"code":"en_US"}}}
            """#
        ),
        (
            "document by id, quoting a message",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .document, source: .id("MEDIA1"), caption: nil, filename: "contrato.pdf"),
                replyTo: "wamid.X"
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"document",
             "document":{"id":"MEDIA1","filename":"contrato.pdf"},"context":{"message_id":"wamid.X"}}
            """#
        ),
        (
            "image by link with caption",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(
                    kind: .image,
                    source: .link("https://example.com/a.jpg"),
                    caption: "boleto",
                    filename: nil
                )
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"image",
             "image":{"link":"https://example.com/a.jpg","caption":"boleto"}}
            """#
        ),
        (
            "audio, video and sticker by id",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .audio, source: .id("A1"), caption: nil, filename: nil)
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"audio",
             "audio":{"id":"A1"}}
            """#
        ),
        (
            "video",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .video, source: .id("V1"), caption: "veja", filename: nil)
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"video",
             "video":{"id":"V1","caption":"veja"}}
            """#
        ),
        (
            "sticker",
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .sticker, source: .id("S1"), caption: nil, filename: nil)
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"sticker",
             "sticker":{"id":"S1"}}
            """#
        ),
        (
            "reaction",
            OutboundMessage(to: .phone("5511987654321"), content: .reaction(messageID: "wamid.X", emoji: "✅")),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511987654321","type":"reaction",
             "reaction":{"message_id":"wamid.X","emoji":"✅"}}
            """#
        ),
        (
            "username recipient with callback data",
            OutboundMessage(
                to: .user("US.13491208655302741918"),
                content: .text(body: "Oi", previewURL: false),
                callbackData: "outbox:42"
            ),
            #"""
            {"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918",
             "type":"text","text":{"body":"Oi","preview_url":false},"biz_opaque_callback_data":"outbox:42"}
            """#
        ),
    ]

    @Test("the wire body of each kind is the reference's shape", arguments: cases)
    func wire(name: String, message: OutboundMessage, expected: String) throws {
        let actual = try #require(try Self.parsed(message.wireBody()))
        let reference = try #require(try Self.parsed(Data(expected.utf8)))
        #expect(actual == reference, "\(name)")
        try message.validate()
    }

    @Test("the stored JSON decodes back to the same message", arguments: cases)
    func roundTrip(name: String, message: OutboundMessage, expected: String) throws {
        let stored = try JSONEncoder().encode(message)
        #expect(try JSONDecoder().decode(OutboundMessage.self, from: stored) == message, "\(name)")
        #expect(try JSONDecoder().decode(OutboundMessage.self, from: Data(expected.utf8)) == message, "\(name)")
    }

    @Test("the wire body leaves / unescaped")
    func slashes() throws {
        let message = OutboundMessage(
            to: .phone("5511987654321"),
            content: .media(kind: .image, source: .link("https://example.com/a.jpg"), caption: nil, filename: nil)
        )
        let text = String(decoding: try message.wireBody(), as: UTF8.self)
        #expect(text.contains("https://example.com/a.jpg"))
    }

    static let secret = "5511987654321-SECRET"

    /// Messages that break one limit each, and the field the error names.
    static let refused: [(OutboundMessage, String)] = [
        (OutboundMessage(to: .phone("55119876abc"), content: .text(body: "x", previewURL: false)), "to"),
        (OutboundMessage(to: .phone("123"), content: .text(body: "x", previewURL: false)), "to"),
        (OutboundMessage(to: .user(""), content: .text(body: "x", previewURL: false)), "recipient"),
        (OutboundMessage(to: .phone("5511987654321"), content: .text(body: "", previewURL: false)), "text.body"),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .text(body: String(repeating: "a", count: 4097), previewURL: false)
            ),
            "text.body"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(
                    kind: .image,
                    source: .id("M"),
                    caption: String(repeating: "é", count: 1025),
                    filename: nil
                )
            ),
            "image.caption"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .audio, source: .id("M"), caption: secret, filename: nil)
            ),
            "audio.caption"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .image, source: .id("M"), caption: nil, filename: "a.pdf")
            ),
            "image.filename"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(
                    kind: .image,
                    source: .link("http://example.com/\(secret).jpg"),
                    caption: nil,
                    filename: nil
                )
            ),
            "image.link"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .media(kind: .document, source: .link("ftp://example.com/a.pdf"), caption: nil, filename: nil)
            ),
            "document.link"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .text(body: "x", previewURL: false),
                callbackData: String(repeating: "ã", count: 257)
            ),
            "biz_opaque_callback_data"
        ),
        (
            OutboundMessage(to: .phone("5511987654321"), content: .text(body: "x", previewURL: false), replyTo: ""),
            "context.message_id"
        ),
        (
            OutboundMessage(
                to: .phone("5511987654321"),
                content: .template(name: "", language: "pt_BR", components: CloudTemplateComponents([]))
            ),
            "template.name"
        ),
        (
            OutboundMessage(to: .phone("5511987654321"), content: .reaction(messageID: "wamid.X", emoji: "👍👍")),
            "reaction.emoji"
        ),
    ]

    @Test("validation names the field and never echoes the value", arguments: refused)
    func refusal(message: OutboundMessage, field: String) {
        do {
            try message.validate()
            Issue.record("expected \(field) to be refused")
        } catch {
            #expect(error.code == "invalid_message")
            #expect(error.field == field)
            #expect(!error.description.contains(Self.secret))
            #expect(!error.description.contains("5511987654321"))
        }
    }

    @Test("limits are inclusive: 4096 characters, 1024 caption, 512 callback bytes, http on loopback")
    func atTheLimits() throws {
        try OutboundMessage(
            to: .phone("+5511987654321"),
            content: .text(body: String(repeating: "ç", count: 4096), previewURL: false),
            callbackData: String(repeating: "a", count: 512)
        ).validate()
        try OutboundMessage(
            to: .phone("5511987654321"),
            content: .media(
                kind: .video,
                source: .link("http://127.0.0.1:8080/v.mp4"),
                caption: String(repeating: "a", count: 1024),
                filename: nil
            )
        ).validate()
        try OutboundMessage(
            to: .phone("5511987654321"),
            content: .media(kind: .image, source: .link("http://localhost/i.png"), caption: nil, filename: nil)
        ).validate()
        try OutboundMessage(to: .phone("5511987654321"), content: .reaction(messageID: "wamid.X", emoji: "")).validate()
        try OutboundMessage(to: .phone("5511987654321"), content: .reaction(messageID: "wamid.X", emoji: "👍🏽"))
            .validate()
    }
}
